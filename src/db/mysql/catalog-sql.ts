/**
 * The information_schema queries behind MysqlIntrospector.catalog(): each reads one kind of thing
 * for the whole database of the connection (`database()`), never one table at a time. Columns are
 * aliased in lower case: MySQL 8 answers information_schema columns in upper case, MariaDB as
 * written.
 */

export interface Flavour {
  readonly mariadb: boolean;
}

export const TABLES_SQL = `select table_name as name, table_type as type, table_comment as comment, table_collation as collation,
  engine, create_options as options
from information_schema.tables where table_schema = database() order by table_name`;

export const COLUMNS_SQL = `select table_name as tbl, column_name as name, column_type as type, data_type, is_nullable as nullable,
  column_default as dflt, extra, generation_expression as gen, collation_name as collation, column_comment as comment
from information_schema.columns where table_schema = database() order by table_name, ordinal_position`;

/** MySQL 8.0.13+ reports functional key parts in EXPRESSION; MariaDB has no such column. */
export function indexesSql(f: Flavour): string {
  return `select table_name as tbl, index_name as name, non_unique, seq_in_index as seq, column_name as col, collation as ord,
  sub_part, index_type as type, ${f.mariadb ? "null" : "expression"} as expr
from information_schema.statistics where table_schema = database() order by table_name, index_name, seq_in_index`;
}

export const FOREIGN_KEYS_SQL = `select k.table_name as tbl, k.constraint_name as name, k.column_name as col,
  k.referenced_table_schema = k.table_schema as same_db, k.referenced_table_schema as ref_db,
  k.referenced_table_name as ref_table, k.referenced_column_name as ref_col, r.update_rule, r.delete_rule
from information_schema.key_column_usage k
join information_schema.referential_constraints r
  on r.constraint_schema = k.constraint_schema and r.constraint_name = k.constraint_name and r.table_name = k.table_name
where k.table_schema = database() and k.referenced_table_name is not null
order by k.table_name, k.constraint_name, k.ordinal_position`;

/**
 * MariaDB's CHECK_CONSTRAINTS names the table (check names are per table there) and tells
 * column-level checks apart (LEVEL); MySQL's needs TABLE_CONSTRAINTS for the table and ENFORCED.
 */
export function checksSql(f: Flavour): string {
  if (f.mariadb) {
    return `select table_name as tbl, constraint_name as name, check_clause as clause, level, 'YES' as enforced
from information_schema.check_constraints where constraint_schema = database() order by table_name, constraint_name`;
  }
  return `select tc.table_name as tbl, tc.constraint_name as name, cc.check_clause as clause, 'Table' as level, tc.enforced
from information_schema.table_constraints tc
join information_schema.check_constraints cc on cc.constraint_schema = tc.constraint_schema and cc.constraint_name = tc.constraint_name
where tc.table_schema = database() and tc.constraint_type = 'CHECK' order by tc.table_name, tc.constraint_name`;
}

/** Views, triggers, routines and events, in one round trip. */
export const OBJECTS_SQL = `select 'view' as kind, table_name as name, null as tbl, view_definition as def
  from information_schema.views where table_schema = database()
union all
select 'trigger', trigger_name, event_object_table,
  concat('create trigger ', trigger_name, ' ', lower(action_timing), ' ', lower(event_manipulation), ' on ', event_object_table, ' for each row ', action_statement)
  from information_schema.triggers where trigger_schema = database()
union all
select lower(routine_type), routine_name, null, routine_definition
  from information_schema.routines where routine_schema = database()
union all
select 'event', event_name, null, event_definition
  from information_schema.events where event_schema = database()
order by kind, name`;
