/**
 * The printing layer's escaping: every character that can act on a terminal is shown as a visible
 * escape wherever user text is printed; alab's own colours survive; JSON stays the same value; a
 * `--dry` script is printed exactly or refused.
 */
import { describe, expect, test } from "bun:test";
import { escapeJson, escapeText, unsafeInScript } from "../../src/cli/escape";
import { formatError, paint, terminalText } from "../../src/cli/render";
import { AlabError } from "../../src/errors";

describe("escapeText", () => {
  const cases: [string, string, string][] = [
    ["ESC (CSI)", "\x1b[2J", "\\x1b[2J"],
    ["BEL ending an OSC", "\x1b]0;t\x07", "\\x1b]0;t\\x07"],
    ["NUL", "a\x00b", "a\\x00b"],
    ["tab, newline, carriage return", "a\tb\nc\rd", "a\\tb\\nc\\rd"],
    ["backspace and form feed", "\b\f", "\\x08\\x0c"],
    ["the last C0", "\x1f", "\\x1f"],
    ["DEL", "\x7f", "\\x7f"],
    ["C1: NEL and CSI", "\x85\x9b", "\\x85\\x9b"],
    ["bidi embeddings and overrides", "\u202a\u202b\u202c\u202d\u202e", "\\u202a\\u202b\\u202c\\u202d\\u202e"],
    ["bidi isolates", "\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"],
    ["direction marks", "\u200e\u200f\u061c", "\\u200e\\u200f\\u061c"],
    ["line and paragraph separators", "\u2028\u2029", "\\u2028\\u2029"],
  ];
  for (const [name, raw, shown] of cases) {
    test(`${name}: ${JSON.stringify(raw)} -> ${shown}`, () => {
      expect(escapeText(raw)).toBe(shown);
    });
  }

  test("printable text is left alone, backslashes included", () => {
    const text = "plain ASCII ~ é ß 日本語 😀 \u00a0 \u00a9 \\x1b already written out";
    expect(escapeText(text)).toBe(text);
  });

  test("every code point up to U+FFFF: escaped exactly when it is in the class", () => {
    const inClass = (c: number) =>
      c <= 0x1f || (c >= 0x7f && c <= 0x9f) || [0x061c, 0x200e, 0x200f, 0x2028, 0x2029].includes(c) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    const wrong: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      if ((escapeText(ch) !== ch) !== inClass(c)) wrong.push(c);
    }
    expect(wrong).toEqual([]);
  });
});

describe("what the terminal receives", () => {
  const p = paint(true);
  test("alab's colours pass; the same sequence in user text does not", () => {
    const user = "\x1b[31mforged\x1b[0m";
    expect(terminalText(`${p.red("error")}: ${user}`)).toBe("\x1b[31merror\x1b[39m: \\x1b[31mforged\\x1b[0m");
  });

  test("an error with user text everywhere: nothing raw but alab's styling, colour on or off", () => {
    const evil = "x\x1b[2J\u202e\ny";
    const e = new AlabError({
      code: "E_X",
      message: `bad \`${evil}\``,
      hint: `try ${evil}`,
      details: [evil],
      at: { file: `schemas/a/${evil}.js`, line: 1, column: 12, label: evil },
    });
    const source = `const a = "${evil.replace("\n", "")}"; x();\n`;
    for (const color of [false, true]) {
      const out = formatError(e, { color, readSource: () => source }).map(terminalText).join("\n");
      const raw = out.replace(/\x1b\[[0-9;]*m/g, "");
      expect(raw).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
      expect(raw.split("\n").filter((l) => l === "y`" || l.startsWith("y"))).toEqual([]);
      expect(raw).toContain("bad `x\\x1b[2J\\u202e\\ny`");
    }
  });

  test("the caret sits under the escaped text of the code frame", () => {
    const e = new AlabError({ code: "E_X", message: "m", at: { file: "f.js", line: 1, column: 12, length: 3 } });
    const lines = formatError(e, { color: false, readSource: () => 'a("\x1b[2J", \tfoo)' });
    expect(lines[3]).toBe(' 1 | a("\\x1b[2J",     foo)');
    expect(lines[4]?.indexOf("^")).toBe(lines[3]?.indexOf("foo"));
  });
});

describe("JSON and scripts", () => {
  test("JSON: what JSON.stringify leaves raw becomes \\u escapes, and parses back to the same value", () => {
    const value = { name: "a\x7f\x85\u202e\u2028b\x1b", n: [1, "\t"] };
    const text = escapeJson(JSON.stringify(value, null, 2));
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u202e]/);
    expect(text).toContain("\\u007f\\u0085\\u202e\\u2028");
    expect(JSON.parse(text)).toEqual(value);
  });

  const scripts: [string, number][] = [
    ["select 1;\n\tselect 2;\n", -1],
    ["select '\x1b';\n", 8],
    ["select 1;\r\n", 9],
    ["select '\u202e';\n", 8],
    ["select '\x85';\n", 8],
  ];
  for (const [script, at] of scripts) {
    test(`script ${JSON.stringify(script)}: ${at < 0 ? "printable" : `refused at ${at}`}`, () => {
      expect(unsafeInScript(script)).toBe(at);
    });
  }
});
