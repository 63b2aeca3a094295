/**
 * docs/export.md shows each format exported from the demo schema, and docs/erd.svg is its picture
 * (the README shows it): both must be what alab writes today. `ALAB_UPDATE_DOCS=1` rewrites them.
 */
import { expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resolveConfig } from "../../src/config";
import { runExport } from "../../src/workflows/export";

const ROOT = join(import.meta.dir, "../..");
const DOC = join(ROOT, "docs/export.md");
const ERD = join(ROOT, "docs/erd.svg");
const UPDATE = process.env.ALAB_UPDATE_DOCS === "1";
const config = resolveConfig({ flags: {}, env: {}, cwd: ROOT });

/** `<!-- example: FORMAT [--dialect D] -->` followed by a fenced block. */
const EXAMPLE = /<!-- example: ([a-z-]+)(?: --dialect ([a-z]+))? -->\n```([a-z]*)\n([\s\S]*?)```/g;

async function exported(format: string, dialect: string | undefined): Promise<string> {
  return (await runExport(config, { format, schemas: true, ...(dialect === undefined ? {} : { dialect }) })).text;
}

test("docs/export.md: every example is the export of the demo schema", async () => {
  const doc = readFileSync(DOC, "utf8");
  const found = [...doc.matchAll(EXAMPLE)];
  expect(found.map((m) => m[1])).toEqual(["typescript", "sql", "json-schema", "mermaid", "dbml"]);
  let updated = doc;
  for (const m of found) {
    const text = await exported(m[1]!, m[2]);
    if (UPDATE) updated = updated.replace(m[0], `<!-- example: ${m[1]}${m[2] === undefined ? "" : ` --dialect ${m[2]}`} -->\n\`\`\`${m[3]}\n${text}\`\`\``);
    else expect(m[4]).toBe(text);
  }
  if (UPDATE) writeFileSync(DOC, updated);
});

test("docs/erd.svg is the demo schema's diagram", async () => {
  const svg = await exported("svg", undefined);
  if (UPDATE) writeFileSync(ERD, svg);
  expect(readFileSync(ERD, "utf8")).toBe(svg);
});
