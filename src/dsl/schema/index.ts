/**
 * The schema DSL (`table`, `col`): interprets a schema file's sandbox recording into a TableDef.
 * buildSchema (src/model/normalize.ts) turns every file's TableDef into the Schema.
 */
export type {
  CheckDef,
  ColumnDef,
  ColumnOrigin,
  IndexDef,
  ManyToManyDef,
  PolymorphicDef,
  RelationDef,
  TableDef,
} from "../../model/def";
export { interpretSchemaFile } from "./interpret";
export { COLUMN_CONSTRUCTORS, SEMANTIC_TYPES, SIMPLE_TYPES } from "./catalog";
