/** The SQLite spellings the expected SQL repeats: default expressions and the table rebuild's frame. */

export const SQLITE_UUID =
  "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))";
export const SQLITE_NOW = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";

/** The statements of one rebuild of `t`: guards, create, copy, drop, rename, indexes, foreign-key check. */
export function rebuildSql(t: string, create: string, copy: string | null, indexes: readonly string[] = []): string[] {
  return [
    `create temp table "alab_rebuild_${t}" ("foreign_keys" integer constraint "foreign keys are on: run the plan's before-statements outside the transaction to rebuild ${t}" check ("foreign_keys" = 0), "triggers" integer constraint "${t} has triggers, which rebuilding the table would drop: drop them before this migration and create them again after" check ("triggers" = 0), "violations" integer constraint "foreign key violations after rebuilding ${t}: see pragma foreign_key_check" check ("violations" = 0))`,
    `insert into "alab_rebuild_${t}" ("foreign_keys", "triggers") select (select "foreign_keys" from pragma_foreign_keys), (select count(*) from "sqlite_master" where "type" = 'trigger' and "tbl_name" = '${t}')`,
    create,
    ...(copy === null ? [] : [copy]),
    `drop table "${t}"`,
    "pragma legacy_alter_table = on",
    `alter table "${t}__alab_new" rename to "${t}"`,
    "pragma legacy_alter_table = off",
    ...indexes,
    `insert into "alab_rebuild_${t}" ("violations") select count(*) from pragma_foreign_key_check`,
    `drop table "alab_rebuild_${t}"`,
  ];
}

/** The check a plan ends with when statements follow its last rebuild (foreign keys are still off). */
export const FINAL_FK_CHECK = [
  `create temp table "alab_foreign_key_check" ("violations" integer constraint "foreign key violations (foreign keys were off for a table rebuild): see pragma foreign_key_check" check ("violations" = 0))`,
  `insert into "alab_foreign_key_check" ("violations") select count(*) from pragma_foreign_key_check`,
  `drop table "alab_foreign_key_check"`,
];
