/**
 * Several new or replaced files, all or none: each text goes to a temporary file beside its
 * target first, then every temporary file is renamed over its target. A failure on the way puts
 * back what each target held (or removes it, and the folders made for it), so a failed `alab pull`
 * leaves the project as it found it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { rm, rmdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface FileWrite {
  readonly path: string;
  readonly text: string;
}

/** The outermost folder on the way to `dir` that does not exist yet (made, and so removed on failure). */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing = d;
    if (dirname(d) === d) break;
  }
  return missing;
}

/** A write that failed: which file, and why (the system's code or message). */
export class WriteFailure extends Error {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`cannot write ${path} (${why})`);
  }
}

/**
 * Synchronous calls on the way: hundreds of small files (a pull of 500 tables), where each
 * asynchronous call's trip through the thread pool cost more than the write itself.
 */
/** `folders` must exist afterwards too, even with no file in them (made, and removed on failure, alike). */
export async function writeAll(writes: readonly FileWrite[], folders: readonly string[] = []): Promise<void> {
  let current = "";
  const made: string[] = [];
  const temps: string[] = [];
  const placed: { path: string; before: Buffer | undefined }[] = [];
  try {
    for (const dir of folders) {
      current = dir;
      const missing = firstMissing(dir);
      if (missing !== undefined) {
        mkdirSync(dir, { recursive: true });
        made.push(missing);
      }
    }
    for (const w of writes) {
      current = w.path;
      const dir = dirname(w.path);
      const missing = firstMissing(dir);
      if (missing !== undefined) {
        mkdirSync(dir, { recursive: true });
        made.push(missing);
      }
      const temp = `${w.path}.alab-tmp-${process.pid}`;
      writeFileSync(temp, w.text, { flag: "wx" });
      temps.push(temp);
    }
    for (const [i, w] of writes.entries()) {
      current = w.path;
      const before = existsSync(w.path) ? readFileSync(w.path) : undefined;
      renameSync(temps[i] as string, w.path);
      placed.push({ path: w.path, before });
    }
  } catch (e) {
    for (const p of placed.reverse()) {
      if (p.before === undefined) await rm(p.path, { force: true }).catch(() => undefined);
      else await writeFile(p.path, p.before).catch(() => undefined);
    }
    for (const t of temps) await rm(t, { force: true }).catch(() => undefined);
    // Only folders this call made, and only when nothing else appeared in them meanwhile.
    for (const d of made.reverse()) await removeEmptyTree(d);
    throw new WriteFailure(current, (e as { code?: string }).code ?? (e as Error).message);
  }
}

async function removeEmptyTree(dir: string): Promise<void> {
  const { readdir } = await import("node:fs/promises");
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isDirectory()) await removeEmptyTree(`${dir}/${e.name}`);
  await rmdir(dir).catch(() => undefined);
}
