/**
 * Host side of the recording: checks the JSON the prelude produced against the protocol (it comes
 * from a context user code ran in, so it is rebuilt, not trusted), and maps every location from
 * the evaluated text to the user's file. Call locations are moved from the `.`/`(` QuickJS reports
 * to the method name, so a code frame underlines `strng` in `col.strng(255)`.
 */
import { AlabError, EXIT } from "../errors";
import type { Call, Chain, Fn, Loc, Value } from "./protocol";

/** Offsets <-> line/column (1-based, UTF-16) of one text. */
export class TextIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  offset(loc: Loc): number {
    const start = this.starts[Math.min(Math.max(loc.line, 1), this.starts.length) - 1] ?? 0;
    return Math.min(start + Math.max(loc.column, 1) - 1, this.text.length);
  }
  loc(offset: number): Loc {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1 };
  }
}

/** Maps a location in the evaluated text to the user's file. */
export interface LocationMap {
  /** A position as QuickJS reported it. */
  readonly at: (loc: Loc) => Loc;
  /** A call's position, moved onto the called name. */
  readonly call: (loc: Loc, name: string) => Loc;
}

const NAME_CHAR = /[\w$\u0080-\uffff]/;

/** From the `.` (or `?.`) or `(` QuickJS reports to the start of the method name. */
function nameOffset(code: string, at: number, name: string): number {
  let i = at;
  if (code.startsWith("?.", i)) i += 2;
  else if (code[i] === ".") i += 1;
  else if (code[i] === "(") {
    let j = i - 1;
    while (j >= 0 && /\s/.test(code[j] as string)) j--;
    const end = j + 1;
    while (j >= 0 && NAME_CHAR.test(code[j] as string)) j--;
    return code.slice(j + 1, end) === name ? j + 1 : at;
  } else return at;
  while (i < code.length && /\s/.test(code[i] as string)) i++;
  return code.startsWith(name, i) ? i : at;
}

export function locationMap(evaluated: TextIndex, original: TextIndex, toOriginal: ((offset: number) => number) | null): LocationMap {
  const back = (offset: number): Loc => original.loc(toOriginal === null ? offset : toOriginal(offset));
  return {
    at: (loc) => back(evaluated.offset(loc)),
    call: (loc, name) => back(nameOffset(evaluated.text, evaluated.offset(loc), name)),
  };
}

function malformed(what: string): never {
  throw new AlabError({
    code: "E_INTERNAL",
    message: `internal: the sandbox produced a malformed recording (${what})`,
    hint: "this is a bug in alab; please report it with the file that caused it",
    exit: EXIT.runtime,
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readLoc(v: Json | undefined): Loc {
  if (!isRecord(v) || typeof v.line !== "number" || typeof v.column !== "number") return malformed("location");
  return { line: v.line, column: v.column };
}

function readChain(v: Json | undefined, map: LocationMap): Chain {
  if (!isRecord(v) || typeof v.root !== "string" || typeof v.seq !== "number" || !Array.isArray(v.calls)) return malformed("chain");
  const calls = v.calls.map((c): Call => {
    if (!isRecord(c) || typeof c.name !== "string") return malformed("call");
    const args = c.args === null ? null : Array.isArray(c.args) ? c.args.map((a) => readValue(a, map)) : malformed("call arguments");
    return { name: c.name, args, loc: map.call(readLoc(c.loc), c.name) };
  });
  return { root: v.root, seq: v.seq, calls };
}

function readFn(v: Json | undefined, map: LocationMap): Fn {
  if (!isRecord(v) || !Array.isArray(v.params)) return malformed("function");
  const params = v.params.map((log) => (Array.isArray(log) ? log.map((c) => readChain(c, map)) : malformed("parameter log")));
  const returned = v.returned;
  if (returned !== "undefined" && returned !== "promise" && returned !== "chain" && returned !== "value") return malformed("returned");
  const loc = map.at(readLoc(v.loc));
  return v.value === undefined ? { params, returned, loc } : { params, returned, value: readValue(v.value, map), loc };
}

export function readValue(v: Json | undefined, map: LocationMap): Value {
  if (v === undefined) return malformed("missing value");
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (Array.isArray(v)) return v.map((x) => readValue(x, map));
  const tag = v.$alab;
  if (tag === undefined) {
    const out: { [key: string]: Value } = {};
    // defineProperty: a user key "__proto__" must stay a plain key.
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: readValue(x, map), enumerable: true, writable: true, configurable: true });
    return out;
  }
  switch (tag) {
    case "undefined":
      return { $alab: "undefined" };
    case "chain":
      return { $alab: "chain", chain: readChain(v.chain, map) };
    case "fn":
      return { $alab: "fn", fn: readFn(v.fn, map) };
    default:
      return malformed(`tag ${JSON.stringify(tag)}`);
  }
}

/** The prelude's `serialize()` text -> the file's value. */
export function readRecording(json: string, map: LocationMap): Value {
  const parsed = JSON.parse(json) as Json;
  if (!isRecord(parsed)) return malformed("top level");
  return readValue(parsed.value, map);
}

export type { Json };
