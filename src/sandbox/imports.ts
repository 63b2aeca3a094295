/**
 * Finds every import of a file before it runs, so a forbidden one is refused with its location
 * instead of reaching the module loader (which refuses too, as the backstop for code the scanner
 * cannot see). Static `import`/`export ... from`, and dynamic `import(...)`, whose argument must be
 * the literal "alab".
 */
import { stringValue, type Token } from "./tokens";

export const ALLOWED_MODULE = "alab";

export interface ImportUse {
  /** The module name, or null for a dynamic import whose argument is not a string literal. */
  readonly specifier: string | null;
  readonly dynamic: boolean;
  /** Offset of the `import`/`export` keyword in the scanned text. */
  readonly start: number;
}

function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== "punct") continue;
    if (t.text === "(" || t.text === "[" || t.text === "{") depth++;
    else if (t.text === ")" || t.text === "]" || t.text === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return tokens.length;
}

/** The string after the first `from` at bracket depth 0, before the statement ends. */
function fromClause(tokens: readonly Token[], i: number): string | null {
  let depth = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === "punct") {
      if (t.text === "{" || t.text === "(" || t.text === "[") depth++;
      else if (t.text === "}" || t.text === ")" || t.text === "]") depth--;
      else if (t.text === ";" && depth === 0) return null;
      if (depth < 0) return null;
    } else if (depth === 0 && t.kind === "name" && t.text === "from") {
      const next = tokens[i + 1];
      if (next?.kind === "string") return stringValue(next);
    }
  }
  return null;
}

export function findImports(tokens: readonly Token[]): ImportUse[] {
  const found: ImportUse[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== "name" || (t.text !== "import" && t.text !== "export")) return;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    // `x.import`, `{ import: 1 }`: a property name, not the keyword.
    if (prev?.kind === "punct" && (prev.text === "." || prev.text === "?.")) return;
    if (next === undefined || (next.kind === "punct" && next.text === ":")) return;
    if (t.text === "export") {
      if (next.kind === "punct" && (next.text === "*" || next.text === "{")) {
        const specifier = fromClause(tokens, i + 1);
        if (specifier !== null) found.push({ specifier, dynamic: false, start: t.start });
      }
      return;
    }
    if (next.kind === "punct" && next.text === ".") return; // import.meta
    if (next.kind === "punct" && next.text === "(") {
      const end = closing(tokens, i + 1);
      // `import() { ... }` is a method named import, not a call.
      if (tokens[end + 1]?.kind === "punct" && tokens[end + 1]?.text === "{") return;
      const arg = tokens[i + 2];
      const after = tokens[i + 3];
      const literal = arg?.kind === "string" && after?.kind === "punct" && (after.text === ")" || after.text === ",");
      found.push({ specifier: literal ? stringValue(arg) : null, dynamic: true, start: t.start });
      return;
    }
    const specifier = next.kind === "string" ? stringValue(next) : fromClause(tokens, i + 1);
    found.push({ specifier, dynamic: false, start: t.start });
  });
  return found;
}

/** The imports a file may not make. */
export function forbiddenImports(tokens: readonly Token[]): ImportUse[] {
  return findImports(tokens).filter((u) => u.specifier !== ALLOWED_MODULE);
}
