/** How Mysql rewrites what alab sends: the DialectRules of the normalizer (./rules.ts). */
import { AlabError, EXIT } from "../errors";
import type { DialectRules } from "./rules";

const notYet = (): never => {
  throw new AlabError({ code: "E_INTERNAL", message: "internal: mysql introspection is not built yet", hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
};

export const mysqlRules: DialectRules = {
  dialect: "mysql",
  columnType: notYet,
  columnDefault: notYet,
  sameExpression: notYet,
  canonicalExpression: notYet,
  derivedCheck: notYet,
  implicitIndex: notYet,
};
