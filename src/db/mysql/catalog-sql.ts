/**
 * The information_schema queries behind MysqlIntrospector.catalog(): each reads one kind of thing
 * for the whole database of the connection (`database()`), never one table at a time. Columns are
 * aliased in lower case: MySQL 8 answers information_schema columns in upper case, MariaDB as
 * written. None sorts: the server sorts information_schema rows in a temporary table (a third of
 * the columns query at 500 tables), the introspector sorts them for less.
 */

export interface Flavour {
  readonly mariadb: boolean;
}

export const TABLES_SQL = `select table_name as name, table_type as type, table_comment as comment, table_collation as collation,
  engine, create_options as options
from information_schema.tables where table_schema = database()`;

export const COLUMNS_SQL = `select table_name as tbl, ordinal_position as seq, column_name as name, column_type as type, data_type,
  is_nullable as nullable, column_default as dflt, extra, generation_expression as gen, collation_name as collation,
  column_comment as comment
from information_schema.columns where table_schema = database()`;

/** MySQL 8.0.13+ reports functional key parts in EXPRESSION; MariaDB has no such column. */
export function indexesSql(f: Flavour): string {
  return `select table_name as tbl, index_name as name, non_unique, seq_in_index as seq, column_name as col, collation as ord,
  sub_part, index_type as type, ${f.mariadb ? "null" : "expression"} as expr
from information_schema.statistics where table_schema = database()`;
}

/** Foreign-key columns; joined with their actions (below) by the introspector, which is cheaper than a join here. */
export const KEY_COLUMNS_SQL = `select table_name as tbl, constraint_name as name, ordinal_position as seq, column_name as col,
  referenced_table_schema = table_schema as same_db, referenced_table_schema as ref_db, referenced_table_name as ref_table,
  referenced_column_name as ref_col
from information_schema.key_column_usage where table_schema = database() and referenced_table_name is not null`;

export const KEY_ACTIONS_SQL = `select table_name as tbl, constraint_name as name, update_rule, delete_rule
from information_schema.referential_constraints where constraint_schema = database()`;

/**
 * MariaDB's CHECK_CONSTRAINTS names the table (check names are per table there) and tells
 * column-level checks apart (LEVEL); MySQL's needs TABLE_CONSTRAINTS for the table and ENFORCED.
 */
export function checksSql(f: Flavour): string {
  if (f.mariadb) {
    return `select table_name as tbl, constraint_name as name, check_clause as clause, level, 'YES' as enforced
from information_schema.check_constraints where constraint_schema = database()`;
  }
  return `select tc.table_name as tbl, tc.constraint_name as name, cc.check_clause as clause, 'Table' as level, tc.enforced
from information_schema.table_constraints tc
join information_schema.check_constraints cc on cc.constraint_schema = tc.constraint_schema and cc.constraint_name = tc.constraint_name
where tc.table_schema = database() and tc.constraint_type = 'CHECK'`;
}

/** View definitions: asked only when TABLES listed a view (reading VIEWS costs as much with none). */
export const VIEWS_SQL = `select 'view' as kind, table_name as name, null as tbl, view_definition as def
from information_schema.views where table_schema = database()`;

/** Triggers, routines and events, in one round trip. */
export const OBJECTS_SQL = `select 'trigger' as kind, trigger_name as name, event_object_table as tbl,
  concat('create trigger ', trigger_name, ' ', lower(action_timing), ' ', lower(event_manipulation), ' on ', event_object_table, ' for each row ', action_statement) as def
  from information_schema.triggers where trigger_schema = database()
union all
select lower(routine_type), routine_name, null, routine_definition
  from information_schema.routines where routine_schema = database()
union all
select 'event', event_name, null, event_definition
  from information_schema.events where event_schema = database()`;
