/**
 * Reading a revision given on the command line (`--to 3`, `--to 003`, `--to 003_add_posts.js`):
 * its number, which must belong to a migration file or a tracking-table row. `0` means "before
 * the first migration".
 */
import { AlabError } from "../../errors";
import type { StatusEntry } from "./history";

export function parseRevision(text: string, entries: readonly StatusEntry[], flag: string): bigint {
  const m = /^(\d+)(?:_[a-z0-9_]*(?:\.(?:js|ts))?)?$/.exec(text.trim());
  if (m === null) {
    throw new AlabError({
      code: "E_USAGE_BAD_REVISION",
      message: `\`${flag} ${text}\` is not a migration revision`,
      hint: "give the migration's number (e.g. 3 or 003) or its file name (003_add_posts.js)",
    });
  }
  const order = BigInt(m[1] as string);
  if (order !== 0n && !entries.some((e) => e.order === order)) {
    const known = entries.map((e) => e.revision);
    throw new AlabError({
      code: "E_USAGE_UNKNOWN_REVISION",
      message: `no migration has the revision ${m[1]} (\`${flag} ${text}\`)`,
      hint: known.length === 0 ? "there are no migrations yet" : `known revisions: ${known.slice(-8).join(", ")}${known.length > 8 ? " …" : ""}`,
    });
  }
  return order;
}
