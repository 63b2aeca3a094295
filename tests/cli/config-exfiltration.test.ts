/**
 * Where a pull request's alab.yaml can make `alab status` / `alab check` connect, and what it can
 * make alab send there. A listener plays a PostgreSQL server that asks for the password in clear
 * text and records what it gets: a secret of the CI job must never arrive at a host the file chose.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Socket, TCPSocketListener } from "bun";
import { runAlab, tempDir } from "../support/binary";
import { requireService, serviceUrl } from "../support/services";

setDefaultTimeout(30_000);

const SECRET = "Zq9x7Secr3tTok";

/** A PostgreSQL-speaking listener: every connection is asked for a cleartext password, which is recorded. */
interface FakeServer {
  readonly port: number;
  connections: number;
  passwords: string[];
  stop(): void;
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function fakePostgres(): FakeServer {
  const server: FakeServer = { port: 0, connections: 0, passwords: [], stop: () => undefined };
  const buffers = new Map<Socket<undefined>, Buffer>();
  const listener: TCPSocketListener<undefined> = Bun.listen<undefined>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(socket) {
        server.connections++;
        buffers.set(socket, Buffer.alloc(0));
      },
      data(socket, chunk) {
        let buf = Buffer.concat([buffers.get(socket) ?? Buffer.alloc(0), Buffer.from(chunk)]);
        // An SSLRequest (sslmode=prefer, libpq's default): "N", no TLS here, as a server without it answers.
        if (buf.length >= 8 && buf.readInt32BE(0) === 8 && buf.readInt32BE(4) === 80877103) {
          buf = buf.subarray(8);
          socket.write("N");
        }
        // The startup message has no type byte: length, protocol, parameters.
        if (buf.length >= 8 && buf.readInt32BE(4) === 196608 && buf.length >= buf.readInt32BE(0)) {
          buf = buf.subarray(buf.readInt32BE(0));
          const auth = Buffer.alloc(4);
          auth.writeInt32BE(3); // AuthenticationCleartextPassword
          socket.write(message("R", auth));
        }
        if (buf.length >= 5 && buf.toString("latin1", 0, 1) === "p" && buf.length >= 1 + buf.readInt32BE(1)) {
          server.passwords.push(buf.toString("utf8", 5, buf.readInt32BE(1)).replace(/\0$/, ""));
          buf = buf.subarray(1 + buf.readInt32BE(1));
          const fields = Buffer.from("SFATAL\0C28P01\0Mpassword authentication failed\0\0", "latin1");
          socket.write(message("E", fields));
          socket.end();
        }
        buffers.set(socket, buf);
      },
      close(socket) {
        buffers.delete(socket);
      },
    },
  });
  return Object.assign(server, { port: listener.port, stop: () => listener.stop(true) });
}

let fake: FakeServer;
beforeAll(() => {
  fake = fakePostgres();
});
afterAll(() => fake.stop());

async function inProject(yaml: string, args: readonly string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const { dir, cleanup } = await tempDir();
  try {
    await mkdir(join(dir, "schemas"));
    await mkdir(join(dir, "migrations"));
    await writeFile(join(dir, "alab.yaml"), yaml);
    const r = await runAlab(args, { cwd: dir, env: { NO_COLOR: "1", ...env } });
    return { code: r.code, out: r.stdout + r.stderr };
  } finally {
    await cleanup();
  }
}

describe("a URL written in alab.yaml", () => {
  test("cannot splice a variable into a URL pointing elsewhere: refused before any connection", async () => {
    const before = fake.connections;
    const r = await inProject(`database:\n  url: postgres://ci:\${SECRET}@127.0.0.1:${fake.port}/db\n`, ["check"], { SECRET });
    expect(r.code).toBe(2);
    expect(r.out).toContain("E_CONFIG_ENV_VAR");
    expect(r.out).not.toContain(SECRET);
    expect(fake.connections).toBe(before);
  });

  test("gets no password from PGPASSWORD: the host it names is the file's choice", async () => {
    const before = fake.passwords.length;
    const r = await inProject(`database:\n  url: postgres://ci@127.0.0.1:${fake.port}/db\n`, ["status"], { PGPASSWORD: SECRET });
    expect(r.code).toBe(1);
    expect(fake.passwords.length).toBeGreaterThan(before);
    expect(fake.passwords.slice(before)).not.toContain(SECRET);
    expect(r.out).not.toContain(SECRET);
  });

  test("nor does a `${NAME:-fallback}` whose fallback is used", async () => {
    const before = fake.passwords.length;
    const r = await inProject(`database:\n  url: \${UNSET_URL:-postgres://ci@127.0.0.1:${fake.port}/db}\n`, ["status"], { PGPASSWORD: SECRET });
    expect(r.code).toBe(1);
    expect(fake.passwords.slice(before)).not.toContain(SECRET);
  });

  test("is not used at all when the operator passes DATABASE_URL or -d (not even connected to)", async () => {
    const before = fake.connections;
    const yaml = `database:\n  url: postgres://ci@127.0.0.1:${fake.port}/db\n`;
    const viaEnv = await inProject(yaml, ["status"], { PGPASSWORD: SECRET, DATABASE_URL: "sqlite::memory:" });
    const viaFlag = await inProject(yaml, ["check", "-d", "sqlite::memory:"], { PGPASSWORD: SECRET });
    expect([viaEnv.code, viaFlag.code]).toEqual([0, 0]);
    expect(viaEnv.out).toContain("SQLite at an in-memory database");
    expect(fake.connections).toBe(before);
  });

  test("the operator's own URL, named as a variable, still gets PGPASSWORD (the host is the operator's)", async () => {
    const before = fake.passwords.length;
    const r = await inProject("database:\n  url: ${OPS_URL}\n", ["status"], { PGPASSWORD: SECRET, OPS_URL: `postgres://ci@127.0.0.1:${fake.port}/db` });
    expect(r.code).toBe(1);
    expect(fake.passwords.slice(before)).toEqual([SECRET]);
    expect(r.out).not.toContain(SECRET);
    expect(r.out).toContain("PostgreSQL at ${OPS_URL}");
  });
});

describe("MySQL/MariaDB: MYSQL_PASSWORD stays out of a URL written in alab.yaml", async () => {
  const my = await requireService("mysql");
  test.skipIf(my === null)("a real server sees a login without a password", async () => {
    const { openDriver } = await import("../../src/db/open");
    const admin = await openDriver(serviceUrl("mysql"), "mysql");
    const user = `alab_pw_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
    try {
      for (const host of ["%", "localhost"]) await admin.exec([{ sql: `create user '${user}'@'${host}' identified by '${SECRET}'` }]);
      const u = new URL(serviceUrl("mysql"));
      u.username = user;
      const yaml = `database:\n  url: ${u.toString()}\n`;
      const fromFile = await inProject(yaml, ["status"], { MYSQL_PASSWORD: SECRET });
      expect(fromFile.code).toBe(1);
      expect(fromFile.out).toContain("using password: NO");
      // The same URL from the operator authenticates with MYSQL_PASSWORD (then lacks rights on the database).
      const fromOperator = await inProject("", ["status"], { MYSQL_PASSWORD: SECRET, DATABASE_URL: u.toString() });
      expect(fromOperator.out).not.toContain("using password: NO");
    } finally {
      for (const host of ["%", "localhost"]) await admin.exec([{ sql: `drop user if exists '${user}'@'${host}'` }]);
      await admin.close();
    }
  });
});
