/** `alab table <ns> <name>`: a starter schema file; never overwrites. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Config, displayPath } from "../config";
import { AlabError } from "../errors";
import { assertIdentifier } from "../model/names";

export function starterSchema(ns: string, name: string): string {
  return `// Table ${ns}.${name} (SQL name ${ns}_${name}). Column types and modifiers: docs/schema.md
export default table({
  id: col.id(),
  name: col.name(),
}).timestamps();
`;
}

/** Writes `<schemasDir>/<ns>/<name>.js`; returns its absolute path. */
export async function scaffoldTable(config: Pick<Config, "schemasDir" | "cwd">, ns: string, name: string): Promise<string> {
  const { schemasDir, cwd } = config;
  assertIdentifier(ns, "namespace");
  assertIdentifier(name, "table name");
  const existing: string[] = [];
  for (const ext of ["js", "ts"]) {
    const path = join(schemasDir, ns, `${name}.${ext}`);
    if (await Bun.file(path).exists()) existing.push(displayPath(cwd, path));
  }
  const path = join(schemasDir, ns, `${name}.js`);
  if (existing.length > 0) {
    throw new AlabError({
      code: "E_FILE_EXISTS",
      message: `table ${ns}.${name} already has a schema file: ${existing.join(", ")}`,
      hint: "edit that file, or choose another table name",
    });
  }
  await mkdir(join(schemasDir, ns), { recursive: true });
  await writeFile(path, starterSchema(ns, name), { flag: "wx" });
  return path;
}
