/**
 * The safe alternatives findings point at, in one place: what to write today. When the DSL gains
 * online forms (issue 14, item 2: `{ concurrently: true }`, NOT VALID + VALIDATE), their hints
 * change here and nowhere else.
 */
import { unreachable } from "../errors";
import type { SafeForm } from "./finding";

export function safeFormHint(form: SafeForm, subject: { table: string; what?: string }): string {
  const t = subject.table;
  switch (form) {
    case "create_index_concurrently":
      return `build it with CREATE INDEX CONCURRENTLY in a migration of its own with \`transaction: false\` (\`m.sql("create index concurrently … on ${t} (…)")\`): writes continue while it builds`;
    case "drop_index_concurrently":
      return `drop it with DROP INDEX CONCURRENTLY in a migration of its own with \`transaction: false\``;
    case "unique_using_index":
      return `build a unique index with CREATE UNIQUE INDEX CONCURRENTLY (a \`transaction: false\` migration), then attach it: ALTER TABLE ${t} ADD CONSTRAINT … UNIQUE USING INDEX …`;
    case "not_valid_validate":
      return `add it NOT VALID (only new rows are checked, the lock is brief), then ALTER TABLE ${t} VALIDATE CONSTRAINT … in a later migration (validation takes a lock that lets reads and writes go on)`;
    case "check_not_null":
      return `add CHECK (${subject.what ?? "col"} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL (PostgreSQL 12+ skips the scan when a valid check proves it) and drop the check`;
    case "expand_contract":
      return "expand and contract: add the new shape beside the old, deploy code that writes both and reads the new, backfill, and remove the old in a later migration once no running release uses it";
    case "batched_backfill":
      return `add the column nullable here, fill ${t} in batches outside the migration (a script or job, a few thousand rows per transaction), then make it NOT NULL in a later migration`;
    default:
      return unreachable(form, "safe form");
  }
}
