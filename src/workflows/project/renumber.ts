/**
 * Renaming and rewriting migration files, and writing the snapshot, as one change that happens
 * whole or not at all (alab rebase, alab new --undo). Every file that changes is first renamed
 * aside to a dotfile backup in the same folder (an atomic rename; dotfiles are not migrations),
 * then each new file is written to a temporary dotfile and renamed into place without replacing
 * anything, then the snapshot replaces the old one by rename. Only when all of that worked are the
 * backups removed. When a step fails, what was done is undone in reverse, and the error says so;
 * if undoing fails too, the error names every file left where it is.
 */
import { link, rename, rm, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AlabError, EXIT } from "../../errors";
import { displayPath } from "./paths";
import { snapshotPath } from "./snapshot-file";

export interface FileChange {
  /** The current file name in the migrations folder (undefined: a new file). */
  readonly from?: string;
  /** The name it will have, with `text`; undefined: the file is removed. */
  readonly to?: { readonly file: string; readonly text: string };
}

export interface SnapshotChange {
  /** The snapshot's new text, or null to remove it (no migration left). */
  readonly text: string | null;
}

interface Undo {
  readonly what: string;
  run(): Promise<void>;
}

/** A name no migration and no other run uses. */
const aside = (file: string, tag: string): string => `.${file}.alab-${tag}`;

/** Writes `text` as `path` only if nothing is there: via a temporary file and link(2), which never replaces. */
async function createNew(dir: string, file: string, text: string, tag: string): Promise<void> {
  const tmp = join(dir, aside(file, `${tag}.tmp`));
  await writeFile(tmp, text, { flag: "wx" });
  try {
    await link(tmp, join(dir, file));
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

export async function applyFileChanges(config: { readonly migrationsDir: string; readonly cwd: string }, changes: readonly FileChange[], snapshot?: SnapshotChange): Promise<void> {
  const dir = config.migrationsDir;
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const undo: Undo[] = [];
  const shown = (file: string) => displayPath(config.cwd, join(dir, file));
  try {
    for (const c of changes) {
      if (c.from === undefined) continue;
      const from = join(dir, c.from);
      const backup = join(dir, aside(c.from, tag));
      await rename(from, backup);
      undo.push({ what: `${shown(aside(c.from, tag))} is ${shown(c.from)}`, run: () => rename(backup, from) });
    }
    for (const c of changes) {
      if (c.to === undefined) continue;
      const path = join(dir, c.to.file);
      await createNew(dir, c.to.file, c.to.text, tag);
      undo.push({ what: `${shown(c.to.file)} was written by this run`, run: () => unlink(path) });
    }
    if (snapshot !== undefined) {
      const path = snapshotPath(dir);
      const backup = join(dir, aside("alab.snapshot.json", tag));
      const had = await link(path, backup).then(
        () => true,
        (e: NodeJS.ErrnoException) => {
          if (e.code === "ENOENT") return false;
          throw e;
        },
      );
      if (had) undo.push({ what: `${shown(aside("alab.snapshot.json", tag))} is the snapshot as it was`, run: () => rename(backup, path) });
      if (snapshot.text === null) await rm(path, { force: true });
      else {
        const tmp = join(dir, aside("alab.snapshot.json", `${tag}.tmp`));
        await writeFile(tmp, snapshot.text, { flag: "wx" });
        await rename(tmp, path).catch(async (e) => {
          await unlink(tmp).catch(() => undefined);
          throw e;
        });
      }
      if (!had) undo.push({ what: `${shown("alab.snapshot.json")} was written by this run`, run: () => rm(path, { force: true }) });
    }
  } catch (e) {
    const left: string[] = [];
    for (const u of undo.reverse()) {
      try {
        await u.run();
      } catch {
        left.push(u.what);
      }
    }
    const reason = (e as Error).message;
    throw new AlabError({
      code: "E_FILES_NOT_CHANGED",
      message: left.length === 0 ? `the migrations folder could not be changed (${reason}); everything was put back as it was` : `the migrations folder could not be changed (${reason}), and putting it back failed for ${left.length} file(s)`,
      hint: left.length === 0 ? "check the folder's permissions and free space, then run the command again" : "rename the files listed back by hand (each line says what the file is), then run the command again",
      details: left,
      exit: EXIT.runtime,
      cause: e,
    });
  }
  // Done: the backups are no longer needed. A backup that cannot be removed is only a dotfile.
  for (const c of changes) if (c.from !== undefined) await rm(join(dir, aside(c.from, tag)), { force: true }).catch(() => undefined);
  await rm(join(dir, aside("alab.snapshot.json", tag)), { force: true }).catch(() => undefined);
}
