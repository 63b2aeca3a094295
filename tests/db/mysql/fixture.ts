/**
 * A hand-written MySQL/MariaDB database for the introspection tests: every type alab writes and
 * some it never does, defaults of each kind, keys and indexes of each shape, foreign keys with
 * every action (one that InnoDB indexes by itself, one that adopts a user's index), checks,
 * comments, and the objects alab does not manage (a view, a trigger, a function, a procedure, an event).
 */
export const FIXTURE: readonly string[] = [
  `create table shop_tag (
    id char(36) not null default (uuid()) primary key,
    code varchar(20) not null,
    constraint uq_shop_tag_code unique (code)
  ) comment 'tags of items'`,
  `create table shop_item (
    id int not null auto_increment primary key,
    a_bigint bigint default 5,
    a_bool tinyint(1) not null default true,
    a_date date default (curdate()),
    a_datetime datetime(6) not null default current_timestamp(6),
    a_decimal decimal(10,2) default 3.10,
    a_decimal_any decimal(65,30),
    a_float double default 0.25,
    a_json json default ('{"a":[1,"two"]}'),
    a_kind varchar(255) not null default 'draft',
    a_text longtext default ('it''s'),
    a_time time(6) default (curtime(6)),
    a_uuid char(36) default (uuid()),
    a_blob longblob,
    name varchar(100) not null comment 'shown to people',
    tag_id char(36),
    alt_tag_id char(36),
    f_small smallint unsigned,
    f_enum enum('x','y') default 'x',
    f_stamp datetime(6) default current_timestamp(6) on update current_timestamp(6),
    f_text mediumtext,
    f_bin varchar(10) collate utf8mb4_bin,
    f_gen int as (a_bigint * 2) virtual,
    constraint chk_shop_item_a_kind_enum check (a_kind in ('draft', 'published')),
    constraint chk_shop_item_name_min check (char_length(name) >= 1),
    constraint chk_shop_item_name_pattern check (name regexp '(?-i)^[a-z ]+$'),
    constraint positive_price check (a_decimal >= 0 and (a_float > 0 or a_float is null)),
    constraint fk_shop_item_tag_id foreign key (tag_id) references shop_tag (id) on delete cascade on update set null,
    constraint fk_shop_item_alt_tag_id foreign key (alt_tag_id) references shop_tag (id) on delete set null
  ) comment 'things for sale'`,
  "create index idx_shop_item_alt_tag_id on shop_item (alt_tag_id)",
  "create unique index idx_shop_item_name_kind on shop_item (name, a_kind)",
  "create index idx_shop_item_prefix on shop_item (name(10))",
  "create index idx_shop_item_desc on shop_item (a_date desc, a_bigint)",
  "create fulltext index idx_shop_item_text on shop_item (f_text)",
  `create table shop_slot (
    code varchar(10) not null,
    n int not null,
    item_id int,
    constraint pk_shop_slot primary key (code, n),
    constraint fk_shop_slot_item_id foreign key (item_id) references shop_item (id) on delete restrict on update no action
  )`,
  "create view shop_cheap as select id, name from shop_item where a_decimal < 1",
  "create trigger shop_item_touch before update on shop_item for each row set new.a_bigint = coalesce(new.a_bigint, 0)",
  "create function shop_twice(x int) returns int deterministic return x * 2",
  "create procedure shop_noop() select 1",
  "create event shop_purge on schedule every 1 day do delete from shop_slot where n < 0",
];
