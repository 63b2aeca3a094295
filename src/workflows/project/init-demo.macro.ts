/**
 * A Bun macro: runs at bundle time (and when tests transpile init.ts) and inlines the repo's demo
 * project from `schemas/`, so `alab init --demo` writes the very files the README tours and there
 * is one copy of them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * `{ "schemas/auth/user.js": "<text>", ... }`, sorted by path. Empty when the folder is (init
 * --demo then refuses): a macro that throws only says "cannot coerce Exception".
 */
export function demoSchemaFiles(): Record<string, string> {
  const root = join(import.meta.dir, "..", "..", "..", "schemas");
  const out: Record<string, string> = {};
  let namespaces: string[];
  try {
    namespaces = readdirSync(root).sort();
  } catch {
    return out;
  }
  for (const ns of namespaces) {
    const dir = join(root, ns);
    if (ns.startsWith(".") || !statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      if (/^[a-z_][a-z0-9_]*\.(js|ts)$/.test(file)) out[`schemas/${ns}/${file}`] = readFileSync(join(dir, file), "utf8");
    }
  }
  return out;
}
