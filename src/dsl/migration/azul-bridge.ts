/**
 * The Azul form is read by src/dsl/azul; this indirection keeps the dispatch in one place.
 */
import { AlabError } from "../../errors";
import type { EvaluatedFile } from "../../sandbox/protocol";
import type { MigrationDef } from "./index";

export function interpretAzulFile(ev: EvaluatedFile): MigrationDef {
  throw new AlabError({ code: "E_NOT_BUILT", message: "Azul-style migrations are not supported yet", hint: "use the generated form", at: { file: ev.file } });
}
