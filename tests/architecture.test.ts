/**
 * DESIGN §4's rules, enforced on the source: which folder may import what, and who may print or
 * exit. The checker is a function over {path, text} so its own cases below prove it can fail.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

interface SourceFile {
  readonly path: string; // relative to the repo, e.g. "src/model/types.ts"
  readonly text: string;
}

const PURE = ["model", "diff", "codegen", "sql", "dsl", "inspect", "export", "lint"];
const DRIVERS = ["postgres", "bun:sqlite", "bun"];
const NODE_BUILTINS = /^(node:|fs$|fs\/|path$|os$|child_process$|net$|http$|https$|crypto$|process$|worker_threads$)/;

/** `from "x"`, `import "x"`, `import("x")`, `require("x")` specifiers. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /\bfrom\s+["']([^"']+)["']|\bimport\s+["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|\brequire\s*\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
  return out;
}

/** Code without comments and string contents, so prose and messages do not count as uses. */
function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""')
    .replace(/`(?:[^`\\]|\\.)*`/g, "``");
}

function folderOf(path: string): string {
  const parts = path.split("/");
  return parts[0] === "src" && parts.length > 2 ? (parts[1] ?? "") : "<root>";
}

/** Where a relative import lands: the src folder name, or "<root>" for src/*.ts. */
function targetFolder(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const joined = join(from.split("/").slice(0, -1).join("/"), spec);
  return folderOf(joined.endsWith(".ts") ? joined : `${joined}.ts`);
}

export function violations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const { path, text } of files) {
    const folder = folderOf(path);
    const isMain = path === "src/main.ts";
    const code = codeOnly(text);
    for (const spec of importsOf(text)) {
      const target = targetFolder(path, spec);
      const bad = (why: string) => out.push(`${path}: imports "${spec}" (${why})`);
      if (PURE.includes(folder)) {
        if (NODE_BUILTINS.test(spec) || spec.startsWith("bun:") || spec === "bun") bad(`src/${folder} is pure: no fs, process or runtime modules`);
        if (target !== undefined && ["db", "workflows", "cli", "<root>"].includes(target) && !spec.endsWith("errors")) {
          bad(`src/${folder} is pure: it may not depend on src/${target}`);
        }
        if (target === "sandbox" && !spec.endsWith("protocol")) bad(`src/${folder} may use only the sandbox protocol types`);
      }
      if (spec === "kysely" || spec.startsWith("kysely/")) if (folder !== "sql") bad("only src/sql imports kysely");
      if (DRIVERS.includes(spec) && folder !== "db") bad("only src/db imports database drivers");
      if (spec.startsWith("quickjs-emscripten") || spec.startsWith("@jitl/")) if (folder !== "sandbox") bad("only src/sandbox imports QuickJS");
      if (target === "cli" && folder !== "cli" && !isMain) bad("only src/cli and src/main.ts use src/cli");
    }
    if (/\bconsole\s*\./.test(code) && folder !== "cli" && !isMain) out.push(`${path}: uses console (only src/cli prints)`);
    if (/\bprocess\s*\.\s*exit\b/.test(code) && !isMain) out.push(`${path}: calls process.exit (only src/main.ts exits)`);
    if (PURE.includes(folder)) {
      for (const [re, what] of [
        [/\bprocess\s*[.[]/, "process"],
        [/\bBun\s*\./, "Bun"],
        [/\bDate\s*\.\s*now\b|\bnew\s+Date\s*\(\s*\)/, "the clock"],
        [/\bMath\s*\.\s*random\b/, "randomness"],
      ] as const) {
        if (re.test(code)) out.push(`${path}: uses ${what} (src/${folder} is pure)`);
      }
    }
  }
  return out.sort();
}

function sources(dir: string, root: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(full, root));
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push({ path: relative(root, full), text: readFileSync(full, "utf8") });
  }
  return out;
}

const ROOT = join(import.meta.dir, "..");

test("src/ follows the architecture rules of DESIGN §4", () => {
  const files = sources(join(ROOT, "src"), ROOT);
  expect(files.length).toBeGreaterThan(10);
  expect(violations(files)).toEqual([]);
});

describe("the checker catches", () => {
  const cases: [string, SourceFile, string][] = [
    ["fs in a pure folder", { path: "src/model/x.ts", text: 'import { readFileSync } from "node:fs";' }, "pure"],
    ["a driver outside src/db", { path: "src/workflows/x.ts", text: 'const pg = await import("postgres");' }, "only src/db"],
    ["bun:sqlite outside src/db", { path: "src/sql/x.ts", text: 'import { Database } from "bun:sqlite";' }, "only src/db"],
    ["kysely outside src/sql", { path: "src/diff/x.ts", text: 'import type { Kysely } from "kysely";' }, "only src/sql imports kysely"],
    ["QuickJS outside src/sandbox", { path: "src/dsl/x.ts", text: 'import { newVariant } from "quickjs-emscripten-core";' }, "QuickJS"],
    ["console outside src/cli", { path: "src/workflows/x.ts", text: "console.log(1);" }, "console"],
    ["process.exit outside main", { path: "src/cli/x.ts", text: "process.exit(1);" }, "process.exit"],
    ["workflows importing cli", { path: "src/workflows/x.ts", text: 'import { printLines } from "../cli/render";' }, "src/cli"],
    ["a pure folder importing db", { path: "src/codegen/x.ts", text: 'import type { Driver } from "../db/driver";' }, "src/db"],
    ["the clock in a pure folder", { path: "src/diff/x.ts", text: "const t = Date.now();" }, "clock"],
    ["process.env in a pure folder", { path: "src/dsl/x.ts", text: "const e = process.env.X;" }, "process"],
  ];
  for (const [name, file, want] of cases) {
    test(name, () => {
      const found = violations([file]);
      expect(found.length).toBeGreaterThan(0);
      expect(found.filter((f) => f.includes(want))).toHaveLength(1);
    });
  }

  test("and lets allowed uses through", () => {
    const ok: SourceFile[] = [
      { path: "src/sql/x.ts", text: 'import { Kysely } from "kysely";\nimport type { Schema } from "../model/types";' },
      { path: "src/db/x.ts", text: 'import postgres from "postgres";\nimport { Database } from "bun:sqlite";' },
      { path: "src/dsl/x.ts", text: 'import type { Chain } from "../sandbox/protocol";\nimport { AlabError } from "../errors";\n// console.log in a comment\nconst s = "process.exit";' },
      { path: "src/main.ts", text: 'import { runCli } from "./cli/run";\nprocess.exit(0);' },
      { path: "src/workflows/x.ts", text: 'import { readFile } from "node:fs/promises";\nconst d = await import("../db/driver");' },
    ];
    expect(violations(ok)).toEqual([]);
  });
});
