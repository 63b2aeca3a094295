/** Paths as messages show them, and containment by name: shared by config.ts and the project reader. */
import { isAbsolute, relative, sep } from "node:path";

/** A path for messages: relative to cwd when inside it, absolute otherwise. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/** Whether `path` is `dir` or below it, by name alone (no link resolved). */
export function isWithin(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
