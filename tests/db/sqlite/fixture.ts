/**
 * A hand-written SQLite database for the introspection tests: every type alab writes and some it
 * never does, defaults of each kind, keys and indexes of each shape (a unique written on the
 * column without a name, a primary key of two columns, an expression, a partial and a descending
 * index), foreign keys named and unnamed, one naming no parent columns, checks named and unnamed,
 * quoted and bare names in every case, and the objects alab does not manage (a view, a trigger).
 */
import { SQLITE_NOW, SQLITE_UUID } from "../../sql/support/sqlite";

export const FIXTURE: readonly string[] = [
  `create table shop_tag (
    id text default ${SQLITE_UUID} not null primary key,
    "code" varchar(20) not null constraint chk_shop_tag_code_length check (length(code) <= 20) unique
  )`,
  `CREATE TABLE "shop_item" (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    a_bigint integer default 5,
    a_bool integer not null default 1 constraint chk_shop_item_a_bool_bool check (a_bool in (0, 1)),
    a_date text default (date('now')),
    a_datetime text not null default ${SQLITE_NOW},
    a_decimal text default 3.10 constraint "chk_shop_item_a_decimal_min" check (cast("a_decimal" as numeric) >= 0),
    a_float real default 0.25,
    a_json text default '{"a":[1,"two"]}' constraint chk_shop_item_a_json_json check (json_valid(a_json)),
    a_kind text not null default 'draft' constraint chk_shop_item_a_kind_enum CHECK ("a_kind" IN ('draft', 'published')),
    a_text text default 'it''s',
    a_time text default (strftime('%H:%M:%f', 'now')),
    a_uuid text default ${SQLITE_UUID},
    a_blob blob,
    [name] varchar(100) not null constraint chk_shop_item_name_length check (length(name) <= 100) constraint chk_shop_item_name_min check (length(name) >= 1),
    tag_id text references shop_tag (id) on delete cascade on update set null,
    alt_tag_id text,
    f_int int,
    f_nocase text collate nocase,
    f_gen integer generated always as (a_bigint * 2) virtual,
    f_now text default current_timestamp,
    constraint fk_shop_item_alt_tag_id foreign key (alt_tag_id) references shop_tag (id) on delete set null,
    constraint positive_price check (a_decimal >= 0 and (a_float > 0 or a_float is null)),
    check (a_float < 100)
  )`,
  "create index idx_shop_item_alt_tag_id on shop_item (alt_tag_id)",
  `create unique index "idx_shop_item_name_kind" on shop_item ("name", a_kind)`,
  "create index idx_shop_item_desc on shop_item (a_date desc, a_bigint)",
  "create index idx_shop_item_lower on shop_item (lower(name))",
  "create index idx_shop_item_draft on shop_item (a_kind) where a_kind = 'draft'",
  `create table shop_slot (
    code varchar(10) not null constraint chk_shop_slot_code_length check (length(code) <= 10),
    n integer not null,
    item_id integer references shop_item on delete restrict,
    primary key (code, n)
  )`,
  "create view shop_cheap as select name from shop_item where a_float < 1",
  "create trigger shop_item_touch after update on shop_item begin update shop_item set a_bigint = coalesce(new.a_bigint, 0) where id = new.id; end",
];
