/**
 * A pull request controls alab.yaml; the CI job that runs `alab check` on it holds secrets in its
 * environment. Whatever the file does with `${VAR}`, no variable's value may appear in what alab
 * prints: every key the security report names, with the variable set, through the binary.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runAlab, tempDir } from "../support/binary";
import { requireService, serviceUrl } from "../support/services";

setDefaultTimeout(30_000);

/** The secret: a token that appears nowhere else in alab's output. */
const SECRET = "Zq9x7Secr3tTok";
const pg = await requireService("postgres");
const my = await requireService("mysql");

function withPath(url: string, path: string, user?: string): string {
  const u = new URL(url);
  u.pathname = `/${path}`;
  if (user !== undefined) u.username = user;
  return u.toString();
}

interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly env?: Record<string, string>;
  readonly args: readonly string[];
  /** The exit code alab must end with. */
  readonly code: number;
  /** Text the output must contain (the value as written, the error code). */
  readonly shows?: readonly string[];
  readonly skip?: boolean;
}

const CASES: Case[] = [
  { name: "database.url, not a URL", yaml: "database:\n  url: ${SECRET}\n", args: ["status"], code: 2, shows: ["E_CONFIG_BAD_URL", "${SECRET}"] },
  { name: "database.dialect", yaml: "database:\n  dialect: ${SECRET}\n", args: ["status"], code: 2, shows: ["E_CONFIG_ENV_VAR", "${SECRET}"] },
  { name: "lock_timeout", yaml: "lock_timeout: ${SECRET}\n", args: ["status"], code: 2, shows: ["E_CONFIG_ENV_VAR", "${SECRET}"] },
  { name: "sandbox.timeout_ms", yaml: "sandbox:\n  timeout_ms: ${SECRET}\n", args: ["status"], code: 2, shows: ["E_CONFIG_ENV_VAR"] },
  { name: "schemas", yaml: "schemas: ./${SECRET}\n", args: ["check", "--offline"], code: 2, shows: ["E_CONFIG_ENV_VAR", "./${SECRET}"] },
  { name: "migrations", yaml: "migrations: ./m-${SECRET}\n", args: ["new", "x"], code: 2, shows: ["E_CONFIG_ENV_VAR"] },
  { name: "a SQLite path inside the URL", yaml: "database:\n  url: sqlite:./nowhere/${SECRET}.db\n", args: ["migrate"], code: 2, shows: ["E_CONFIG_ENV_VAR"] },
  { name: "a host inside the URL", yaml: "database:\n  url: postgres://${SECRET}.invalid/db\n", args: ["status"], code: 2, shows: ["E_CONFIG_ENV_VAR"] },
  { name: "a password inside the URL", yaml: "database:\n  url: postgres://u:${SECRET}@127.0.0.1:1/db\n", args: ["status"], code: 2, shows: ["E_CONFIG_ENV_VAR"] },
  { name: "a database name inside the URL", yaml: "database:\n  url: postgres://127.0.0.1:1/${SECRET}\n", args: ["status"], code: 2, shows: ["E_CONFIG_ENV_VAR"] },
  // The whole URL from a variable: a valid URL whose parts hold the secret.
  {
    name: "a whole URL naming a SQLite file: the status header",
    yaml: "database:\n  url: ${DB_URL}\n",
    env: { DB_URL: `sqlite:./${SECRET}.db` },
    args: ["status"],
    code: 0,
    shows: ["SQLite at ${DB_URL}"],
  },
  {
    name: "a whole URL naming a SQLite file in a missing folder",
    yaml: "database:\n  url: ${DB_URL}\n",
    env: { DB_URL: `sqlite:./no-${SECRET}/x.db` },
    args: ["migrate"],
    code: 1,
    shows: ["E_DB_CONNECT", "SQLite at ${DB_URL}"],
  },
  {
    name: "a whole URL with an unknown host",
    yaml: "database:\n  url: ${DB_URL}\n",
    env: { DB_URL: `postgres://u@${SECRET.toLowerCase()}.invalid/db` },
    args: ["status"],
    code: 1,
    shows: ["E_DB_CONNECT", "PostgreSQL at ${DB_URL}"],
  },
  {
    name: "a whole URL with an unknown database (PostgreSQL)",
    yaml: "database:\n  url: ${DB_URL}\n",
    env: { DB_URL: withPath(serviceUrl("postgres"), SECRET) },
    args: ["status"],
    code: 1,
    shows: ["E_DB_CONNECT", "${DB_URL}"],
    skip: pg === null,
  },
  {
    name: "a whole URL with an unknown user (PostgreSQL)",
    yaml: "database:\n  url: ${DB_URL}\n",
    env: { DB_URL: withPath(serviceUrl("postgres"), "test", SECRET) },
    args: ["check"],
    code: 1,
    shows: ["E_DB_CONNECT", "${DB_URL}"],
    skip: pg === null,
  },
  {
    name: "a whole URL with an unknown user (MySQL/MariaDB)",
    yaml: "database:\n  url: ${DB_URL}\n",
    env: { DB_URL: withPath(serviceUrl("mysql"), "test", SECRET) },
    args: ["migrate", "--dry"],
    code: 1,
    shows: ["E_DB_CONNECT", "${DB_URL}"],
    skip: my === null,
  },
  {
    name: "a whole URL with an unknown database (MySQL/MariaDB)",
    yaml: "database:\n  url: ${DB_URL}\n",
    env: { DB_URL: withPath(serviceUrl("mysql"), SECRET) },
    args: ["status"],
    code: 1,
    shows: ["E_DB_CONNECT", "${DB_URL}"],
    skip: my === null,
  },
  // Passwords in URLs from the operator are hidden, also when the URL does not parse.
  { name: "a password in DATABASE_URL that does not parse", yaml: "", env: { DATABASE_URL: `postgres:/u:${SECRET}@h/db` }, args: ["status"], code: 2, shows: ["E_CONFIG_BAD_URL"] },
  { name: "a password in --url with a bad port", yaml: "", args: ["status", "--url", `postgres://u:${SECRET}@h:99999999/db`], code: 2, shows: ["E_CONFIG_BAD_URL", "postgres://u:***@"] },
  { name: "a password in a query parameter", yaml: "", args: ["status", "--url", `mysql://u@h:99999999/db?password=${SECRET}`], code: 2, shows: ["E_CONFIG_BAD_URL", "password=***"] },
  { name: "a password in alab.yaml", yaml: `database:\n  url: postgres://u:${SECRET}@h:99999999/db\n`, args: ["status"], code: 2, shows: ["E_CONFIG_BAD_URL", "postgres://u:***@"] },
];

describe("no ${VAR} value and no password reaches the output", () => {
  for (const c of CASES) {
    test.skipIf(c.skip === true)(c.name, async () => {
      const { dir, cleanup } = await tempDir();
      try {
        await mkdir(join(dir, "schemas"));
        await mkdir(join(dir, "migrations"));
        await writeFile(join(dir, "alab.yaml"), c.yaml);
        const r = await runAlab(c.args, { cwd: dir, env: { SECRET, NO_COLOR: "1", ...c.env } });
        const out = r.stdout + r.stderr;
        expect(out).not.toContain(SECRET);
        expect(out.toLowerCase()).not.toContain(SECRET.toLowerCase());
        for (const s of c.shows ?? []) expect(out).toContain(s);
        expect(r.code).toBe(c.code);
      } finally {
        await cleanup();
      }
    });
  }
});
