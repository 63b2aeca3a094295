/**
 * The one JSON writer for files alab commits (the snapshot): keys sorted, 2-space indent,
 * trailing newline, so equal data is byte-identical and diffs in review stay small.
 */
import { AlabError, EXIT } from "../errors";

function sortKeys(value: unknown, path: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw notJson(path, `the number ${value}`);
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw notJson(`${path}[${i}]`, "undefined");
      return sortKeys(item, `${path}[${i}]`);
    });
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw notJson(path, "a non-plain object");
    // No prototype: a key named `__proto__` (a column may be named so) is then an own property, not a prototype change.
    const out = Object.create(null) as Record<string, unknown>;
    const source = value as Record<string, unknown>;
    for (const key of Object.keys(source).sort()) {
      // An absent optional property and one set to undefined mean the same thing: both are omitted.
      if (source[key] === undefined) continue;
      out[key] = sortKeys(source[key], path === "" ? key : `${path}.${key}`);
    }
    return out;
  }
  throw notJson(path, `a ${typeof value}`);
}

function notJson(path: string, what: string): AlabError {
  return new AlabError({
    code: "E_INTERNAL",
    message: `internal: cannot write ${what} as JSON at \`${path || "(root)"}\``,
    hint: "this is a bug in alab; please report it with the command you ran",
    exit: EXIT.runtime,
  });
}

export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value, ""), null, 2)}\n`;
}
