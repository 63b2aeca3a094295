/** `alab export` and `alab erd` through the compiled binary, as a user runs them. */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { cp, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runAlab, tempDir } from "../support/binary";

setDefaultTimeout(60_000);
const DEMO = join(import.meta.dir, "../../schemas");

let dir = "";
let cleanup: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("alab-export-"));
  await cp(DEMO, join(dir, "schemas"), { recursive: true });
  const r = await runAlab(["new", "init"], { cwd: dir });
  expect(r.code).toBe(0);
});
afterAll(() => cleanup());

describe("alab export", () => {
  for (const format of ["typescript", "sql", "json-schema", "mermaid", "dbml", "svg"]) {
    test(`${format}: to stdout, and the same bytes with --out`, async () => {
      const out = await runAlab(["export", format], { cwd: dir });
      expect(out.stderr).toBe("");
      expect(out.code).toBe(0);
      expect(out.stdout).toContain("blog_post");
      const file = await runAlab(["export", format, "--out", `out/${format}.txt`], { cwd: dir });
      expect(file.code).toBe(0);
      expect(file.stdout).toBe("");
      expect(file.stderr).toContain(`wrote out/${format}.txt (${format}, 4 tables)`);
      expect(await Bun.file(join(dir, "out", `${format}.txt`)).text()).toBe(out.stdout);
    });
  }

  test("--out replaces a file whole and leaves no temporary file", async () => {
    await mkdir(join(dir, "gen"), { recursive: true });
    await writeFile(join(dir, "gen/types.ts"), "old contents\n");
    const r = await runAlab(["export", "typescript", "-o", "gen/types.ts"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(await Bun.file(join(dir, "gen/types.ts")).text()).toContain("export interface Database {");
    expect(readdirSync(join(dir, "gen"))).toEqual(["types.ts"]);
  });

  test("--out where a folder cannot be made: an error, the files as they were", async () => {
    await writeFile(join(dir, "blocker"), "a file\n");
    const r = await runAlab(["export", "sql", "--out", "blocker/schema.sql"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E_EXPORT_WRITE]");
    expect(await Bun.file(join(dir, "blocker")).text()).toBe("a file\n");
  });

  test("the project's dialect by default, --dialect to choose", async () => {
    expect((await runAlab(["export", "typescript"], { cwd: dir })).stdout).toContain("--dialect sqlite");
    const pg = await runAlab(["export", "typescript", "--dialect", "postgres"], { cwd: dir });
    expect(pg.stdout).toContain("created_at: ColumnType<Date, Date | string | undefined, Date | string>;");
    const my = await runAlab(["export", "sql", "--dialect", "mysql"], { cwd: dir });
    expect(my.stdout).toContain("create table `blog_post`");
  });

  test("an unknown format lists the formats (exit 2)", async () => {
    for (const args of [["export", "yaml"], ["export"]]) {
      const r = await runAlab(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("error[E_EXPORT_UNKNOWN_FORMAT]");
      for (const f of ["typescript", "sql", "json-schema", "mermaid", "dbml", "svg"]) expect(r.stderr).toContain(f);
      expect(r.stdout).toBe("");
    }
  });

  test("an unknown dialect (exit 2)", async () => {
    const r = await runAlab(["export", "sql", "--dialect", "oracle"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[E_EXPORT_BAD_DIALECT]");
  });
});

describe("the snapshot's own errors", () => {
  test("a snapshot with merge conflict markers", async () => {
    const { dir: d, cleanup: done } = await tempDir("alab-export-bad-");
    try {
      await cp(join(dir, "schemas"), join(d, "schemas"), { recursive: true });
      await cp(join(dir, "migrations"), join(d, "migrations"), { recursive: true });
      const path = join(d, "migrations/alab.snapshot.json");
      await writeFile(path, `<<<<<<< HEAD\n${await Bun.file(path).text()}=======\n>>>>>>> other\n`);
      const r = await runAlab(["export", "typescript"], { cwd: d });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("error[E_SNAPSHOT_CORRUPT]");
      expect(r.stdout).toBe("");
      // --schemas does not read the snapshot.
      expect((await runAlab(["export", "mermaid", "--schemas"], { cwd: d })).code).toBe(0);
    } finally {
      await done();
    }
  });

  test("a snapshot whose head is not among the migrations", async () => {
    const { dir: d, cleanup: done } = await tempDir("alab-export-bad-");
    try {
      await cp(join(dir, "migrations"), join(d, "migrations"), { recursive: true });
      const path = join(d, "migrations/alab.snapshot.json");
      await writeFile(path, (await Bun.file(path).text()).replace(/"head": "[^"]+"/, '"head": "099_gone.js"'));
      const r = await runAlab(["export", "svg"], { cwd: d });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("error[E_SNAPSHOT_HEAD_MISSING]");
    } finally {
      await done();
    }
  });

  test("no migrations yet: says so; --schemas exports the schema files", async () => {
    const { dir: d, cleanup: done } = await tempDir("alab-export-new-");
    try {
      await cp(DEMO, join(d, "schemas"), { recursive: true });
      const r = await runAlab(["export", "dbml"], { cwd: d });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("error[E_EXPORT_NO_MIGRATIONS]");
      const s = await runAlab(["export", "dbml", "--schemas"], { cwd: d });
      expect(s.code).toBe(0);
      expect(s.stdout).toContain("Table blog_post {");
    } finally {
      await done();
    }
  });
});

describe("alab erd", () => {
  test("writes docs/erd.svg, or the path given", async () => {
    const r = await runAlab(["erd"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("wrote docs/erd.svg (4 tables)");
    const svg = await Bun.file(join(dir, "docs/erd.svg")).text();
    expect(svg).toBe((await runAlab(["export", "svg"], { cwd: dir })).stdout);
    expect((await runAlab(["erd", "pics/schema.svg"], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, "pics/schema.svg"))).toBe(true);
  });
});
