/**
 * `up_revision` / `down_revision` inside a migration file: AstrolaDB's generator writes
 * `migration({ description, up_revision: "005", down_revision: "004", up(m) {…}, down(m) {…} })`,
 * so a file carries its own number and its predecessor's. Renumbering a file (alab rebase) must
 * rewrite them, and a file whose only change is that rewrite is still the migration that was
 * applied (database/matching.ts). Pure text work, no IO: the value is replaced where it stands
 * and nothing else in the file moves, so line and column of everything else stay as they were.
 *
 * Only a property at the start of a line or after `{` or `,` counts (the first of each key): the
 * words inside a comment or a string elsewhere in the file are left alone.
 */

/** The value of a reference: a revision ("005"), or null (`down_revision: null`, the first migration). */
export type RefValue = string | null;

export interface RevisionRefs {
  readonly up?: RefValue;
  readonly down?: RefValue;
}

interface Found {
  readonly key: "up" | "down";
  /** Where the value's text starts and ends. */
  readonly start: number;
  readonly end: number;
  readonly value: RefValue;
  /** The quote the value was written with: `"` for null, none for a bare number. */
  readonly quote: string;
}

const PROPERTY = /(^|[{,])([ \t]*)(up_revision|down_revision)([ \t]*:[ \t]*)("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|null|\d+)/gm;

function find(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(PROPERTY)) {
    const key = m[3] === "up_revision" ? "up" : "down";
    if (out.some((f) => f.key === key)) continue;
    const literal = m[5] as string;
    const start = (m.index ?? 0) + (m[1] as string).length + (m[2] as string).length + (m[3] as string).length + (m[4] as string).length;
    const quoted = literal.startsWith('"') || literal.startsWith("'");
    const value = literal === "null" ? null : quoted ? literal.slice(1, -1) : literal;
    // A number written bare stays bare; null becomes a double-quoted string, as AstrolaDB writes it.
    out.push({ key, start, end: start + literal.length, value, quote: quoted ? (literal[0] as string) : literal === "null" ? '"' : "" });
  }
  return out;
}

/** The references the file holds (a key it does not have is absent). */
export function readRevisionRefs(text: string): RevisionRefs {
  const out: { up?: RefValue; down?: RefValue } = {};
  for (const f of find(text)) out[f.key] = f.value;
  return out;
}

export function hasRevisionRefs(text: string): boolean {
  return find(text).length > 0;
}

/** A revision as a JavaScript string literal with the file's quote; revisions are digits. */
function literal(value: RefValue, quote: string): string {
  return value === null ? "null" : `${quote}${value}${quote}`;
}

/**
 * The text with each reference it has set to `refs` (a key the file does not have is not added;
 * a key not given is left as it is). Same input, same bytes.
 */
export function rewriteRevisionRefs(text: string, refs: RevisionRefs): string {
  let out = text;
  // From the end, so earlier offsets stay valid.
  for (const f of find(text).sort((a, b) => b.start - a.start)) {
    const next = refs[f.key];
    if (next === undefined || next === f.value) continue;
    out = out.slice(0, f.start) + literal(next, f.quote) + out.slice(f.end);
  }
  return out;
}

const DESCRIPTION = /(^|[{,])[ \t]*description[ \t]*:[ \t]*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|null)/m;

/**
 * The `description` AstrolaDB writes into `migration({ … })`, read from the text (as the
 * references are) so `alab status` shows it without evaluating any file. Only a plain string
 * literal counts; anything else (a template, an expression, null) is no description.
 */
export function readDescription(text: string): string | undefined {
  const m = DESCRIPTION.exec(text);
  const literal = m?.[2];
  if (literal === undefined || literal === "null") return undefined;
  const body = literal.slice(1, -1);
  const value = body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_, e: string) => {
    if (e[0] === "u" || e[0] === "x") return e.length > 1 ? String.fromCharCode(Number.parseInt(e.slice(1), 16)) : e;
    return ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" } as Record<string, string>)[e] ?? e;
  });
  return value.trim() === "" ? undefined : value;
}

/** The number a revision value starts with ("003_20260201_143022" -> 3n), or undefined. */
export function revisionNumber(value: string): bigint | undefined {
  const m = /^(\d+)/.exec(value);
  return m === null ? undefined : BigInt(m[1] as string);
}

export interface RevisionProblem {
  /** The file whose reference does not fit. */
  readonly file: string;
  readonly message: string;
}

/**
 * Where the references break the order of the files (AstrolaDB links each file to the one before
 * it): a file's `up_revision` must start with its own number, and its `down_revision` with the
 * number of the file before it (`null` for the first file). Files without references are not
 * checked, nor is a reference the text does not hold.
 */
export function revisionProblems(files: readonly { readonly file: string; readonly order: bigint; readonly source: string }[]): RevisionProblem[] {
  const out: RevisionProblem[] = [];
  files.forEach((f, i) => {
    const refs = readRevisionRefs(f.source);
    if (refs.up !== undefined && refs.up !== null && revisionNumber(refs.up) !== f.order) {
      out.push({ file: f.file, message: `${f.file} says up_revision "${refs.up}", which is not its own number` });
    }
    if (refs.down === undefined) return;
    const before = files[i - 1];
    if (refs.down === null) {
      if (before !== undefined) out.push({ file: f.file, message: `${f.file} says down_revision null (the first migration), but ${before.file} comes before it` });
    } else if (before === undefined) {
      out.push({ file: f.file, message: `${f.file} says down_revision "${refs.down}", but it is the first migration` });
    } else if (revisionNumber(refs.down) !== before.order) {
      out.push({ file: f.file, message: `${f.file} says down_revision "${refs.down}", but the migration before it is ${before.file}` });
    }
  });
  return out;
}
