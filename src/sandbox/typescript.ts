/**
 * TypeScript files are stripped with Bun.Transpiler before they run. Its output is re-printed
 * (blank lines, comments and type-only lines vanish, quotes and numbers are normalized), and it
 * has no source maps; Bun.build has them but is asynchronous. Locations are mapped back by
 * aligning the tokens of both texts (align.ts): a position in the output maps to the same place in
 * the matching token of the original, or to the nearest matched token before it.
 */
import { AlabError, unreachable } from "../errors";
import { alignSequences } from "./align";
import { type Token, stringValue, tokenize } from "./tokens";

export interface Stripped {
  readonly code: string;
  /** Offset in `code` -> offset in the original text. */
  readonly toOriginal: (offset: number) => number;
}

const MAX_EDITS = 2000;
let transpiler: Bun.Transpiler | undefined;

export function isTypeScript(path: string): boolean {
  return /\.m?ts$/.test(path);
}

function tokenKey(t: Token): string {
  switch (t.kind) {
    case "string":
      return `s${stringValue(t)}`;
    case "number": {
      const value = Number(t.text.replace(/_/g, "").replace(/n$/, ""));
      return Number.isNaN(value) ? `n${t.text}` : `n${value}`;
    }
    case "name":
    case "punct":
    case "template":
    case "regex":
      return `${t.kind[0]}${t.text}`;
    default:
      return unreachable(t.kind, "token kind");
  }
}

function alignment(original: string, code: string): (offset: number) => number {
  const a = tokenize(original);
  const b = tokenize(code);
  const ids = new Map<string, number>();
  const idOf = (t: Token): number => {
    const key = tokenKey(t);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  };
  const match = alignSequences(Int32Array.from(a, idOf), Int32Array.from(b, idOf), MAX_EDITS);
  return (offset) => {
    if (match === null) return Math.min(offset, original.length);
    // The output token at or before the offset; walk back to one that has a partner.
    let lo = 0;
    let hi = b.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((b[mid] as Token).start <= offset) lo = mid;
      else hi = mid - 1;
    }
    for (let i = lo; i >= 0; i--) {
      const partner = match[i] as number;
      if (partner < 0) continue;
      const out = b[i] as Token;
      const orig = a[partner] as Token;
      const inside = i === lo ? Math.min(Math.max(offset - out.start, 0), Math.max(orig.text.length - 1, 0)) : 0;
      return orig.start + inside;
    }
    return 0;
  };
}

interface BunPosition {
  line?: number;
  column?: number;
}

export function stripTypes(path: string, original: string): Stripped {
  transpiler ??= new Bun.Transpiler({ loader: "ts" });
  let code: string;
  try {
    code = transpiler.transformSync(original);
  } catch (e) {
    const first = (e as { errors?: unknown[] }).errors?.[0] ?? e;
    const position = (first as { position?: BunPosition | null }).position ?? undefined;
    const message = (first as { message?: unknown }).message;
    throw new AlabError({
      code: "E_SANDBOX_SYNTAX",
      message: `syntax error: ${typeof message === "string" ? message : String(e)}`,
      hint: "fix the TypeScript syntax at this location",
      at: { file: path, line: position?.line, column: position?.column },
    });
  }
  return { code, toOriginal: alignment(original, code) };
}
