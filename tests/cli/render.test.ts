import { describe, expect, test } from "bun:test";
import { colorEnabled, formatError, stripAnsi, terminalText } from "../../src/cli/render";
import { AlabError, AlabErrors } from "../../src/errors";

const SOURCE = `export default table({
  id: col.id(),
  email: col.strng(255),
\tname:\tcol.nme(),
});
`;
const read = (file: string) => (file === "schemas/auth/user.js" ? SOURCE : undefined);

function render(e: unknown, debug = false): string {
  return formatError(e, { color: false, readSource: read, debug }).join("\n");
}

describe("error rendering (DESIGN §7)", () => {
  test("cargo-style frame with caret span and label", () => {
    const e = new AlabError({
      code: "E_SCHEMA_UNKNOWN_TYPE",
      message: "unknown column type `col.strng`",
      hint: "see the column types in docs/schema.md",
      at: { file: "schemas/auth/user.js", line: 3, column: 10, length: 9, label: "did you mean `col.string`?" },
    });
    expect(render(e)).toBe(
      [
        "error[E_SCHEMA_UNKNOWN_TYPE]: unknown column type `col.strng`",
        "  --> schemas/auth/user.js:3:10",
        "   |",
        " 3 |   email: col.strng(255),",
        "   |          ^^^^^^^^^ did you mean `col.string`?",
        "help: see the column types in docs/schema.md",
      ].join("\n"),
    );
  });

  test("a location's shownLine replaces the file's own line (a URL's password stays hidden)", () => {
    const e = new AlabError({ code: "E_X", message: "m", at: { file: "schemas/auth/user.js", line: 3, column: 3, shownLine: "  url: postgres://u:***@h/db" } });
    const out = render(e);
    expect(out).toContain(" 3 |   url: postgres://u:***@h/db");
    expect(out).not.toContain("col.strng");
  });

  test("tabs are expanded and the caret still lines up", () => {
    const e = new AlabError({ code: "E_X", message: "m", at: { file: "schemas/auth/user.js", line: 4, column: 8, length: 7 } });
    const lines = render(e).split("\n");
    const code = lines[3] ?? "";
    const caret = lines[4] ?? "";
    expect(code).toBe(" 4 |     name:    col.nme(),");
    expect(caret.indexOf("^")).toBe(code.indexOf("col.nme"));
    expect(caret.trimEnd().endsWith("^^^^^^^")).toBe(true);
  });

  test("gutter widens with the line number", () => {
    const long = `${"\n".repeat(99)}bad line`;
    const e = new AlabError({ code: "E_X", message: "m", at: { file: "f.js", line: 100, column: 5 } });
    const out = formatError(e, { color: false, readSource: () => long }).join("\n");
    expect(out).toContain("\n    --> f.js:100:5\n     |\n 100 | bad line\n     |     ^");
  });

  test("without readable source: location line only; without line: file only", () => {
    expect(render(new AlabError({ code: "E_X", message: "m", at: { file: "missing.js", line: 2, column: 1 } }))).toBe(
      "error[E_X]: m\n  --> missing.js:2:1",
    );
    expect(render(new AlabError({ code: "E_X", message: "m", at: { file: "alab.yaml" } }))).toBe("error[E_X]: m\n --> alab.yaml");
  });

  test("details go between the location and the hint", () => {
    const e = new AlabError({ code: "E_X", message: "m", details: ["exists: a", "exists: b"], hint: "h" });
    expect(render(e)).toBe("error[E_X]: m\n  exists: a\n  exists: b\nhelp: h");
  });

  test("several errors are printed one after another with a count", () => {
    const out = render(new AlabErrors([new AlabError({ code: "E_A", message: "a" }), new AlabError({ code: "E_B", message: "b" })]));
    expect(out).toBe("error[E_A]: a\n\nerror[E_B]: b\n\nerror: 2 errors");
  });

  test("unexpected errors: one line plus the ALAB_DEBUG hint, and no stack unless debugging", () => {
    const out = render(new TypeError("x is not a function"));
    expect(out.split("\n")).toHaveLength(2);
    expect(out).toStartWith("error[E_INTERNAL]: x is not a function\nhelp: ");
    expect(out).toContain("ALAB_DEBUG=1");
    expect(out).not.toContain("    at ");
    expect(render(new TypeError("boom"), true)).toContain("TypeError: boom");
    expect(render(new AlabError({ code: "E_X", message: "m" }))).not.toContain("    at ");
  });

  test("colour is ANSI only when asked for", () => {
    const e = new AlabError({ code: "E_X", message: "m", hint: "h", at: { file: "schemas/auth/user.js", line: 2, column: 3 } });
    const coloured = formatError(e, { color: true, readSource: read }).join("\n");
    expect(terminalText(coloured)).toContain("\x1b[31m\x1b[1merror[E_X]");
    expect(stripAnsi(coloured)).toBe(render(e));
    expect(render(e)).not.toContain("\x1b");
  });
});

describe("colour decision", () => {
  const cases: [boolean, boolean | undefined, Record<string, string>, boolean][] = [
    [true, true, {}, true],
    [true, false, {}, false],
    [true, undefined, {}, false],
    [false, true, {}, false],
    [true, true, { NO_COLOR: "1" }, false],
    [true, true, { NO_COLOR: "" }, true],
    [true, true, { TERM: "dumb" }, false],
  ];
  for (const [flag, tty, env, want] of cases) {
    test(`flag=${flag} tty=${tty} env=${JSON.stringify(env)} -> ${want}`, () => {
      expect(colorEnabled(flag, tty, env)).toBe(want);
    });
  }
});
