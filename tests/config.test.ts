import { describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, loadConfig, parseDatabaseUrl, redactUrl, resolveConfig, type ResolveInput } from "../src/config";
import { AlabError, AlabErrors } from "../src/errors";
import { CONFIG_TEMPLATE } from "../src/workflows/init";

const CWD = "/proj";

function resolve(partial: Partial<ResolveInput> & { file?: string }): Config {
  const { file, ...rest } = partial;
  return resolveConfig({
    flags: {},
    env: {},
    cwd: CWD,
    ...(file === undefined ? {} : { fileText: file, filePath: "/proj/alab.yaml" }),
    ...rest,
  });
}

function failure(fn: () => unknown): AlabError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AlabError) return e;
    if (e instanceof AlabErrors && e.errors[0]) return e.errors[0];
    throw e;
  }
  throw new Error("expected an AlabError");
}

describe("URL forms", () => {
  const cases: [string, string | null, string?][] = [
    ["postgres://u:p@localhost:5432/app", "postgres"],
    ["postgresql://localhost/app", "postgres"],
    ["POSTGRES://localhost/app", "postgres"],
    ["mysql://root@127.0.0.1:3306/test", "mysql"],
    ["mariadb://root@127.0.0.1/test", "mysql"],
    ["sqlite:./data/app.db", "sqlite", "./data/app.db"],
    ["sqlite:app", "sqlite", "app"],
    ["sqlite:///var/lib/app.db", "sqlite", "/var/lib/app.db"],
    ["sqlite::memory:", "sqlite", ":memory:"],
    ["file:./app.sqlite", "sqlite", "./app.sqlite"],
    ["file:///tmp/x.db?mode=rwc", "sqlite", "/tmp/x.db"],
    ["./app.db", "sqlite", "./app.db"],
    ["app.sqlite", "sqlite", "app.sqlite"],
    ["/abs/app.sqlite3", "sqlite", "/abs/app.sqlite3"],
    ["oracle://host/db", null],
    ["postgres:localhost", null],
    ["mysql://exa mple:99999999/x", null],
    ["app.txt", null],
    ["sqlite:", null],
    ["", null],
  ];
  for (const [url, dialect, file] of cases) {
    test(`${JSON.stringify(url)} -> ${dialect}`, () => {
      const parsed = parseDatabaseUrl(url);
      expect(parsed?.dialect ?? null).toBe(dialect as never);
      if (file !== undefined) expect(parsed?.sqliteFile).toBe(file);
    });
  }
});

describe("precedence: flag > env > file > default", () => {
  const file = "database:\n  url: postgres://file/db\nschemas: ./s-file\nmigrations: ./m-file\n";
  const cases: { name: string; input: Partial<ResolveInput> & { file?: string }; url: string; source: string; schemas: string; migrations: string }[] = [
    { name: "defaults", input: {}, url: "sqlite:./alab.db", source: "default", schemas: "/proj/schemas", migrations: "/proj/migrations" },
    { name: "file", input: { file }, url: "postgres://file/db", source: "alab.yaml (database.url)", schemas: "/proj/s-file", migrations: "/proj/m-file" },
    {
      name: "env over file",
      input: { file, env: { DATABASE_URL: "mysql://env/db", ALAB_SCHEMAS_DIR: "s-env", ALAB_MIGRATIONS_DIR: "/abs/m-env" } },
      url: "mysql://env/db",
      source: "DATABASE_URL",
      schemas: "/proj/s-env",
      migrations: "/abs/m-env",
    },
    {
      name: "flag over env",
      input: { file, env: { DATABASE_URL: "mysql://env/db" }, flags: { url: "sqlite::memory:" } },
      url: "sqlite::memory:",
      source: "--url",
      schemas: "/proj/s-file",
      migrations: "/proj/m-file",
    },
    {
      name: "empty env values count as unset",
      input: { file, env: { DATABASE_URL: "", ALAB_SCHEMAS_DIR: "" } },
      url: "postgres://file/db",
      source: "alab.yaml (database.url)",
      schemas: "/proj/s-file",
      migrations: "/proj/m-file",
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const config = resolve(c.input);
      expect(config.url).toBe(c.url);
      expect(config.urlSource).toBe(c.source);
      expect(config.schemasDir).toBe(c.schemas);
      expect(config.migrationsDir).toBe(c.migrations);
    });
  }

  test("file paths are relative to the file's folder; flag/env paths to the working directory", () => {
    const fromFile = resolveConfig({
      flags: {},
      env: {},
      cwd: CWD,
      fileText: "database:\n  url: sqlite:db/app.db\nschemas: shared/../schemas\n",
      filePath: "config/alab.yaml",
    });
    expect(fromFile.sqliteFile).toBe("/proj/config/db/app.db");
    expect(fromFile.schemasDir).toBe("/proj/config/schemas");
    expect(fromFile.projectRoot).toBe("/proj/config");
    expect(fromFile.configFile).toBe("/proj/config/alab.yaml");
    expect(resolve({ flags: { url: "db/app.db" } }).sqliteFile).toBe("/proj/db/app.db");
  });

  test("without a config file the working directory is the project root", () => {
    expect(resolve({}).projectRoot).toBe(CWD);
    expect(resolve({ file: "schemas: ./s\n" }).projectRoot).toBe(CWD);
  });

  test("the embedded default is SQLite ./alab.db", () => {
    const config = resolve({});
    expect(config.dialect).toBe("sqlite");
    expect(config.sqliteFile).toBe("/proj/alab.db");
    expect(config.configFile).toBeUndefined();
  });

  test("sandbox limits and lock timeout: defaults and file values", () => {
    expect(resolve({}).sandbox).toEqual({ timeoutMs: 5000, memoryBytes: 64 * 1024 * 1024 });
    expect(resolve({}).lockTimeoutSeconds).toBe(60);
    const c = resolve({ file: "sandbox:\n  timeout_ms: 250\n  memory_mb: 16\nlock_timeout: 5\n" });
    expect(c.sandbox).toEqual({ timeoutMs: 250, memoryBytes: 16 * 1024 * 1024 });
    expect(c.lockTimeoutSeconds).toBe(5);
  });

  test("DDL lock timeout and retries: defaults and file values", () => {
    expect([resolve({}).ddlLockTimeoutSeconds, resolve({}).ddlRetries]).toEqual([5, 5]);
    const c = resolve({ file: "ddl_lock_timeout: 1.5\nddl_retries: 0\n" });
    expect([c.ddlLockTimeoutSeconds, c.ddlRetries]).toEqual([1.5, 0]);
  });

  test("a project's sandbox limits stop at a ceiling; the operator's environment goes past it and wins", () => {
    const atCeiling = resolve({ file: "sandbox:\n  timeout_ms: 60000\n  memory_mb: 512\n" });
    expect(atCeiling.sandbox).toEqual({ timeoutMs: 60_000, memoryBytes: 512 * 1024 * 1024 });
    for (const [file, key, env] of [
      ["sandbox:\n  timeout_ms: 60001\n", "`sandbox.timeout_ms`", "ALAB_SANDBOX_TIMEOUT_MS"],
      ["sandbox:\n  memory_mb: 100000\n", "`sandbox.memory_mb`", "ALAB_SANDBOX_MEMORY_MB"],
    ] as const) {
      const e = failure(() => resolve({ file }));
      expect(e.code).toBe("E_CONFIG_TYPE");
      expect(e.message).toContain(key);
      expect(e.message).toContain(env);
      expect(e.at).toMatchObject({ file: "alab.yaml", line: 2 });
    }
    const operator = resolve({ file: "sandbox:\n  timeout_ms: 100\n  memory_mb: 16\n", env: { ALAB_SANDBOX_TIMEOUT_MS: "120000", ALAB_SANDBOX_MEMORY_MB: "1024" } });
    expect(operator.sandbox).toEqual({ timeoutMs: 120_000, memoryBytes: 1024 * 1024 * 1024 });
    for (const bad of ["0", "-1", "1.5", "lots", "5000000"]) {
      const e = failure(() => resolve({ env: { ALAB_SANDBOX_TIMEOUT_MS: bad } }));
      expect(e.code).toBe("E_CONFIG_TYPE");
      expect(e.message).toContain("ALAB_SANDBOX_TIMEOUT_MS");
    }
  });

  test("the alab.yaml that `alab init` writes resolves to the SQLite default", () => {
    const c = resolve({ file: CONFIG_TEMPLATE });
    expect(c.dialect).toBe("sqlite");
    expect(c.sqliteFile).toBe("/proj/alab.db");
    expect(c.schemasDir).toBe("/proj/schemas");
  });

  test("an empty or comment-only file is no configuration", () => {
    expect(resolve({ file: "" }).url).toBe("sqlite:./alab.db");
    expect(resolve({ file: "# nothing\n" }).url).toBe("sqlite:./alab.db");
  });
});

describe("${VAR} expansion", () => {
  test("database.url may be one variable, with a default; `$${` is a literal `${` everywhere", () => {
    const c = resolve({ file: "database:\n  url: ${APP_URL}\nschemas: ./$${literal}\n", env: { APP_URL: "postgres://alice:pw@db/app" } });
    expect(c.url).toBe("postgres://alice:pw@db/app");
    expect(c.schemasDir).toBe("/proj/${literal}");
    const d = resolve({ file: "database:\n  url: ${APP_URL:-sqlite:dev.db}\n" });
    expect(d.url).toBe("sqlite:dev.db");
    expect(resolve({ file: "database:\n  url: sqlite:$${x}.db\n" }).url).toBe("sqlite:${x}.db");
  });

  test("what a message may show: the text as written for a variable's value, the URL without its password otherwise", () => {
    const cases: [Partial<ResolveInput> & { file?: string }, { shown: string; hidden: boolean; by: "operator" | "project" }][] = [
      [{ file: "database:\n  url: ${APP_URL}\n", env: { APP_URL: "postgres://u:pw@db/app" } }, { shown: "${APP_URL}", hidden: true, by: "operator" }],
      [{ file: "database:\n  url: ${APP_URL:-postgres://u:pw@db/app}\n" }, { shown: "postgres://u:***@db/app", hidden: false, by: "project" }],
      [{ file: "database:\n  url: postgres://u:pw@db/app\n" }, { shown: "postgres://u:***@db/app", hidden: false, by: "project" }],
      [{ env: { DATABASE_URL: "postgres://u:pw@db/app" } }, { shown: "postgres://u:***@db/app", hidden: false, by: "operator" }],
      [{ flags: { url: "sqlite::memory:" } }, { shown: "sqlite::memory:", hidden: false, by: "operator" }],
      [{}, { shown: "sqlite:./alab.db", hidden: false, by: "project" }],
    ];
    for (const [input, want] of cases) {
      const c = resolve(input);
      expect({ shown: c.urlShown, hidden: c.urlHidden, by: c.urlChosenBy }).toEqual(want);
    }
  });

  test("a variable in alab.yaml is not read when the operator's URL wins", () => {
    const c = resolve({ file: "database:\n  url: ${UNSET_URL}\n", env: { DATABASE_URL: "sqlite::memory:" } });
    expect(c.url).toBe("sqlite::memory:");
  });

  test.each([
    ["schemas: ./${X}\n", "`schemas`"],
    ["migrations: ${X}/m\n", "`migrations`"],
    ["database:\n  dialect: ${X}\n", "`database.dialect`"],
    ["lock_timeout: ${X}\n", "`lock_timeout`"],
    ["sandbox:\n  memory_mb: ${X:-64}\n", "`sandbox.memory_mb`"],
  ])("`${…}` outside database.url is refused: %p", (file, key) => {
    const e = failure(() => resolve({ file, env: { X: "value-of-x" } }));
    expect(e.code).toBe("E_CONFIG_ENV_VAR");
    expect(e.message).toContain(key);
    expect(e.message).toContain("expanded only in database.url");
    expect(e.message).not.toContain("value-of-x");
  });

  test.each([
    "postgres://u:${PW}@db/app",
    "postgres://${HOST}/app",
    "sqlite:${DIR}/app.db",
    "${SCHEME}://db/app",
    "${A}${B}",
  ])("database.url mixing text and a variable is refused: %p", (url) => {
    const e = failure(() => resolve({ file: `database:\n  url: ${url}\n`, env: { PW: "s", HOST: "h", DIR: "d", SCHEME: "postgres", A: "a", B: "b" } }));
    expect(e.code).toBe("E_CONFIG_ENV_VAR");
    expect(e.message).toContain("a variable may only be the whole URL");
    expect(e.hint).toContain("DATABASE_URL");
  });

  test("an unset variable is an error naming it, the key and the file", () => {
    const e = failure(() => resolve({ file: "database:\n  url: ${NOPE_URL}\n" }));
    expect(e.code).toBe("E_CONFIG_ENV_VAR");
    expect(e.message).toContain("NOPE_URL");
    expect(e.message).toContain("database.url");
    expect(e.message).toContain("alab.yaml");
    expect(e.at).toMatchObject({ file: "alab.yaml", line: 2, column: 3 });
    expect(e.exit).toBe(2);
  });

  test("a malformed reference is an error", () => {
    expect(failure(() => resolve({ file: "schemas: ${not valid}\n" })).code).toBe("E_CONFIG_ENV_VAR");
    expect(failure(() => resolve({ file: "schemas: ${OPEN\n" })).code).toBe("E_CONFIG_ENV_VAR");
  });
});

describe("file errors name the key and the file", () => {
  const cases: { name: string; file: string; code: string; has: string[]; line?: number }[] = [
    { name: "unknown top-level key", file: "schema: ./s\n", code: "E_CONFIG_UNKNOWN_KEY", has: ["`schema`", "alab.yaml"], line: 1 },
    {
      name: "unknown nested key",
      file: "database:\n  dialect: postgres\n  uri: postgres://x/y\n",
      code: "E_CONFIG_UNKNOWN_KEY",
      has: ["`database.uri`", "alab.yaml"],
      line: 3,
    },
    { name: "wrong type", file: "schemas: 3\n", code: "E_CONFIG_TYPE", has: ["`schemas`", "alab.yaml", "string"], line: 1 },
    { name: "bad dialect", file: "database:\n  dialect: oracle\n", code: "E_CONFIG_TYPE", has: ["`database.dialect`", "oracle"], line: 2 },
    { name: "non-integer limit", file: "sandbox:\n  timeout_ms: 1.5\n", code: "E_CONFIG_TYPE", has: ["`sandbox.timeout_ms`"], line: 2 },
    { name: "an infinite lock timeout (it becomes SQL text)", file: "lock_timeout: .inf\n", code: "E_CONFIG_TYPE", has: ["`lock_timeout`"], line: 1 },
    { name: "an infinite DDL lock timeout (it becomes SQL text)", file: "ddl_lock_timeout: .inf\n", code: "E_CONFIG_TYPE", has: ["`ddl_lock_timeout`"], line: 1 },
    { name: "a negative DDL lock timeout", file: "ddl_lock_timeout: -1\n", code: "E_CONFIG_TYPE", has: ["`ddl_lock_timeout`"], line: 1 },
    { name: "fractional retries", file: "ddl_retries: 1.5\n", code: "E_CONFIG_TYPE", has: ["`ddl_retries`"], line: 1 },
    { name: "bad URL", file: "database:\n  url: oracle://db\n", code: "E_CONFIG_BAD_URL", has: ["alab.yaml (database.url)", "oracle://db"], line: 2 },
    { name: "not a mapping", file: "- a\n- b\n", code: "E_CONFIG_INVALID", has: ["alab.yaml"] },
    { name: "YAML syntax", file: "database: [1,\n", code: "E_CONFIG_YAML", has: ["alab.yaml", "not valid YAML"] },
    {
      name: "dialect contradicts URL",
      file: "database:\n  dialect: postgres\n  url: mysql://h/db\n",
      code: "E_CONFIG_DIALECT_MISMATCH",
      has: ["postgres", "mysql"],
      line: 2,
    },
    { name: "dialect without URL", file: "database:\n  dialect: mysql\n", code: "E_CONFIG_MISSING_URL", has: ["mysql"], line: 2 },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const e = failure(() => resolve({ file: c.file }));
      expect(e.code).toBe(c.code);
      expect(e.exit).toBe(2);
      for (const s of c.has) expect(e.message).toContain(s);
      expect(e.at?.file).toBe("alab.yaml");
      if (c.line !== undefined) expect(e.at?.line).toBe(c.line);
    });
  }

  test("every problem in the file is reported", () => {
    try {
      resolve({ file: "schemas: 1\nmigrations: 2\n" });
      throw new Error("expected errors");
    } catch (e) {
      expect(e).toBeInstanceOf(AlabErrors);
      expect((e as AlabErrors).errors.map((x) => x.code)).toEqual(["E_CONFIG_TYPE", "E_CONFIG_TYPE"]);
    }
  });

  test("a bad URL from a flag or the environment names its source", () => {
    expect(failure(() => resolve({ flags: { url: "nope" } })).message).toContain("--url");
    expect(failure(() => resolve({ env: { DATABASE_URL: "nope" } })).message).toContain("DATABASE_URL");
  });

  test("a dialect contradicting DATABASE_URL is an error too", () => {
    const e = failure(() => resolve({ file: "database:\n  dialect: sqlite\n", env: { DATABASE_URL: "postgres://h/db" } }));
    expect(e.code).toBe("E_CONFIG_DIALECT_MISMATCH");
    expect(e.message).toContain("DATABASE_URL");
  });
});

test.each([
  ["postgres://u:secret@h:5432/db", "postgres://u:***@h:5432/db"],
  ["postgres://u@h/db", "postgres://u@h/db"],
  ["sqlite:./a.db", "sqlite:./a.db"],
  ["./a@b.db", "./a@b.db"],
  ["postgres:/u:secret@h/db", "postgres:/u:***@h/db"],
  ["postgres://u:se@cr/et@h/db", "postgres://u:***@h/db"],
  ["mysql://u@h/db?ssl=true&password=secret&x=1", "mysql://u@h/db?ssl=true&password=***&x=1"],
  ["postgres://h/db?sslpassword=secret", "postgres://h/db?sslpassword=***"],
])("redactUrl(%p) hides the password only", (url, shown) => {
  expect(redactUrl(url)).toBe(shown);
});

describe("loadConfig", () => {
  test("reads ./alab.yaml when present, and requires a --config file to exist", async () => {
    const dir = await mkdtemp(join(tmpdir(), "alab-config-"));
    try {
      expect((await loadConfig({ cwd: dir, env: {}, flags: {} })).configFile).toBeUndefined();
      await writeFile(join(dir, "alab.yaml"), "schemas: ./defs\n");
      const c = await loadConfig({ cwd: dir, env: {}, flags: {} });
      expect(c.schemasDir).toBe(join(dir, "defs"));
      expect(c.configFile).toBe(join(dir, "alab.yaml"));
      await expect(loadConfig({ cwd: dir, env: {}, flags: { config: "other.yaml" } })).rejects.toMatchObject({ code: "E_CONFIG_NOT_FOUND" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("paths alab.yaml names stay inside the project; the operator's may point anywhere", () => {
  const outside: [string, string, string][] = [
    ["schemas: ../shared/schemas\n", "schemas", "ALAB_SCHEMAS_DIR"],
    ["schemas: /etc\n", "schemas", "ALAB_SCHEMAS_DIR"],
    ["migrations: ./m/../../m\n", "migrations", "ALAB_MIGRATIONS_DIR"],
    ["migrations: /root\n", "migrations", "ALAB_MIGRATIONS_DIR"],
    ["database:\n  url: sqlite:../app.db\n", "database.url", "DATABASE_URL"],
    ["database:\n  url: sqlite:///var/lib/app.db\n", "database.url", "DATABASE_URL"],
    ["database:\n  url: sqlite:///root/app.db\n", "database.url", "DATABASE_URL"],
    ["database:\n  url: file:../../x.sqlite\n", "database.url", "DATABASE_URL"],
    ["database:\n  url: /tmp/app.db\n", "database.url", "DATABASE_URL"],
  ];
  for (const [file, key, instead] of outside) {
    test(`${JSON.stringify(file)}: E_CONFIG_PATH_OUTSIDE_PROJECT naming \`${key}\` and the line`, () => {
      const e = failure(() => resolve({ file, env: { HOME: "/root" } }));
      expect(e.code).toBe("E_CONFIG_PATH_OUTSIDE_PROJECT");
      expect(e.exit).toBe(2);
      expect(e.message).toContain(`\`${key}\` in alab.yaml`);
      expect(e.message).not.toContain("/root");
      expect(e.message).not.toContain("/etc");
      expect(e.hint).toContain(instead);
      expect(e.at).toMatchObject({ file: "alab.yaml", line: file.startsWith("database") ? 2 : 1 });
    });
  }

  test("inside the project, any spelling is fine", () => {
    const c = resolve({ file: "schemas: ./a/../s\nmigrations: /proj/m\ndatabase:\n  url: sqlite:/proj/data/app.db\n" });
    expect([c.schemasDir, c.migrationsDir, c.sqliteFile]).toEqual(["/proj/s", "/proj/m", "/proj/data/app.db"]);
    expect(resolve({ file: "database:\n  url: \"sqlite::memory:\"\n" }).sqliteFile).toBe(":memory:");
  });

  test("the environment and flags override the file's paths, and may point outside", () => {
    const env = { ALAB_SCHEMAS_DIR: "/srv/schemas", ALAB_MIGRATIONS_DIR: "../m", DATABASE_URL: "sqlite:/var/app.db" };
    const c = resolve({ file: "schemas: ../x\nmigrations: ../y\ndatabase:\n  url: sqlite:../z.db\n", env });
    expect([c.schemasDir, c.migrationsDir, c.sqliteFile]).toEqual(["/srv/schemas", "/m", "/var/app.db"]);
    expect(resolve({ flags: { url: "sqlite:/elsewhere/app.db" }, file: "database:\n  url: sqlite:../z.db\n" }).sqliteFile).toBe("/elsewhere/app.db");
  });
});
