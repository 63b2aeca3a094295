/**
 * `alab export <format>`: the schema for code and for people, from the model alone (no database).
 * One pure function per format; this file picks one, and makes sure no output carries a
 * character that would act on a terminal or a reader's eye (control characters, bidi overrides)
 * raw: each format writes it in its own escape, which keeps the value (`\u202e` in a TypeScript
 * or JSON string, `&#x202e;` in SVG), or shows it as text where the format has no escape
 * (Mermaid, DBML). SQL has no escape that keeps the value in every dialect: it is refused.
 */
import { AlabError, unreachable } from "../errors";
import type { Schema } from "../model/types";
import type { Capabilities } from "../sql/capabilities";
import type { Dialect, Statement } from "../sql/dialect";
import { exportDbml } from "./dbml";
import { exportJsonSchema } from "./json-schema";
import { exportMermaid } from "./mermaid";
import { exportSql } from "./sql";
import { exportSvg } from "./svg";
import { exportTypeScript } from "./typescript";

export const FORMATS = ["typescript", "sql", "json-schema", "mermaid", "dbml", "svg"] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

export interface ExportOptions {
  /** The dialect whose types and SQL the output uses. */
  readonly dialect: Dialect;
  /** `--dialect` was given: the diagrams then show SQL types instead of logical ones. */
  readonly dialectGiven: boolean;
  /** TypeScript: plain row types only, no Kysely import. */
  readonly plain: boolean;
  /** SQL: the server the script is for, and the session settings alab runs first. */
  readonly caps: Capabilities;
  readonly session: readonly Statement[];
}

/** Characters printed nowhere raw: C0 controls but tab and newline, DEL, C1, bidi marks and overrides, line/paragraph separators. */
export const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex4 = (c: string): string => (c.codePointAt(0) ?? 0).toString(16).padStart(4, "0");

function safe(format: Format, text: string): string {
  switch (format) {
    case "typescript":
    case "json-schema":
      return text.replace(UNSAFE, (c) => `\\u${hex4(c)}`);
    case "svg":
      return text.replace(UNSAFE, (c) => `&#x${hex4(c)};`);
    case "mermaid":
    case "dbml":
      return text.replace(UNSAFE, (c) => `\\u${hex4(c)}`);
    case "sql": {
      const at = text.search(UNSAFE);
      if (at < 0) return text;
      const line = text.slice(0, at).split("\n").length;
      throw new AlabError({
        code: "E_EXPORT_CONTROL_CHARACTER",
        message: `line ${line} of the exported SQL would hold a control character (U+${hex4(text[at] ?? "").toUpperCase()}), which alab does not print raw`,
        hint: "find the value in the schema (an enum value, a default, a check or pattern) and write it without control or bidi characters",
      });
    }
    default:
      return unreachable(format, "export format");
  }
}

export function exportSchema(format: Format, schema: Schema, opts: ExportOptions): string {
  const shown = opts.dialectGiven ? opts.dialect : undefined;
  const text = ((): string => {
    switch (format) {
      case "typescript":
        return exportTypeScript(schema, { dialect: opts.dialect, plain: opts.plain });
      case "sql":
        return exportSql(schema, { caps: opts.caps, session: opts.session });
      case "json-schema":
        return exportJsonSchema(schema);
      case "mermaid":
        return exportMermaid(schema, { dialect: shown });
      case "dbml":
        return exportDbml(schema, { dialect: opts.dialect });
      case "svg":
        return exportSvg(schema, { dialect: shown });
      default:
        return unreachable(format, "export format");
    }
  })();
  return safe(format, text);
}
