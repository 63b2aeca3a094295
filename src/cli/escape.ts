/**
 * Text from user code or user data, made safe for a terminal or a CI log. A console.log in a
 * schema file, a file name, a value echoed by the database: any of them may hold escape sequences
 * that clear the screen, move the cursor over earlier lines, set the window title, or (bidi
 * overrides, "Trojan Source") show text in another order than it is. Each such character is shown
 * as a visible escape instead: `\x1b`, `\r`, `\u202e`. Backslashes are left as they are: the aim
 * is that nothing acts on the terminal, not that the text can be decoded back.
 */

/**
 * Besides C0 controls: DEL, C1 controls, the Arabic letter mark, LRM/RLM, the line and paragraph
 * separators, and the bidi embeddings, overrides and isolates.
 */
const BEYOND_C0 = "\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
/** In a line: every C0 control too, tab and newline included (a user's newline must not start a line that looks like alab's own). */
const UNSAFE = new RegExp(`[\\x00-\\x1f${BEYOND_C0}]`, "g");
/** In an SQL script: tab and newline are layout. */
const UNSAFE_IN_SCRIPT = new RegExp(`[\\x00-\\x08\\x0b-\\x1f${BEYOND_C0}]`);
/** In JSON: newline is layout (JSON.stringify already escapes C0 controls inside strings). */
const UNSAFE_IN_JSON = new RegExp(`[\\x00-\\x09\\x0b-\\x1f${BEYOND_C0}]`, "g");

const SHORT: Readonly<Record<string, string>> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

const hex = (c: string, width: number): string => (c.codePointAt(0) ?? 0).toString(16).padStart(width, "0");

/** `\x1b` for a character below U+0100, `\u202e` above; `\t`, `\n`, `\r` by their usual names. */
export function escapeChar(c: string): string {
  return SHORT[c] ?? ((c.codePointAt(0) ?? 0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`);
}

/** The one escaping function for user text printed as lines. */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** JSON text with every unsafe character as a `\uXXXX` escape: the same JSON value, printable. */
export function escapeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}

/** Where an SQL script holds a character it may not carry raw, or -1. */
export function unsafeInScript(script: string): number {
  return script.search(UNSAFE_IN_SCRIPT);
}
