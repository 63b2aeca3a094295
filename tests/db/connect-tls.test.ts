/**
 * Issue 13, item 7: connecting like libpq. sslmode, sslrootcert, sslcert and sslkey against a real
 * TLS PostgreSQL (a second cluster started for this file, TLS only, certificates made with openssl
 * here); MySQL's ssl-mode against the test server, which has no TLS; bad values and files as usage
 * errors; `--wait` retrying until a server answers, and not retrying what waiting cannot fix.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { connect as tcpConnect } from "node:net";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { openDriver } from "../../src/db/open";
import { urlParams } from "../../src/db/url-params";
import { alabBinary, runAlab, tempDir } from "../support/binary";
import { serviceUrl, requireService } from "../support/services";
import { freePort, startTlsPostgres, type TlsPostgres, tlsPostgresUnavailable } from "../support/tls-server";

setDefaultTimeout(60_000);

describe("URL parameters", () => {
  const usage = [
    ["postgres://h/db?sslmode=bogus", "postgres", "`sslmode` is `bogus`"],
    ["postgres://h/db?sslmode=REQUIRE", "postgres", "`sslmode` is `REQUIRE`"],
    ["postgres://h/db?sslmode=require&sslrootcert=system", "postgres", "sslmode=require may not be used with sslrootcert=system"],
    ["postgres://h/db?connect_timeout=5s", "postgres", "`connect_timeout` is `5s`"],
    ["mysql://h/db?ssl-mode=STRICT", "mysql", "`ssl-mode` is `STRICT`"],
    ["mysql://h/db?ssl=maybe", "mysql", "`ssl` is `maybe`"],
    ["mysql://h/db?ssl-mode=REQUIRED&ssl=true", "mysql", "gives the TLS mode twice"],
  ] as const;
  test.each(usage)("%s is a usage error", (url, dialect, message) => {
    let error: unknown;
    try {
      urlParams(url, dialect);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "E_CONFIG_URL_PARAM", exit: 2 });
    expect((error as Error).message).toContain(message);
  });

  const read = [
    ["postgres://h/db", { mode: "prefer", modeGiven: false }, undefined],
    ["postgres://h/db?sslrootcert=system", { mode: "verify-full", rootcert: "system" }, undefined],
    ["postgres://h/db?sslmode=allow&connect_timeout=1", { mode: "allow" }, 2],
    ["postgres://h/db?connect_timeout=0", { mode: "prefer" }, null],
    ["postgres://h/db?connect_timeout=-3", { mode: "prefer" }, null],
    ["mysql://h/db", { mode: "prefer", modeGiven: false }, undefined],
    ["mysql://h/db?ssl-mode=verify_identity&ssl-ca=/ca.pem", { mode: "verify-full", rootcert: "/ca.pem" }, undefined],
    ["mysql://h/db?ssl=1", { mode: "require" }, undefined],
    ["mysql://h/db?ssl=false&connect_timeout=7", { mode: "disable" }, 7],
  ] as const;
  test.each(read)("%s", (url, tls, timeout) => {
    const p = urlParams(url, url.startsWith("mysql") ? "mysql" : "postgres");
    expect(p.tls).toMatchObject(tls);
    expect(p.connectTimeoutSeconds).toBe(timeout);
    // Taken out of the URL: the drivers never see them (postgres.js would send them to the server).
    expect(new URL(p.url).search).toBe("");
  });
});

const pg = await requireService("postgres");
const mysql = await requireService("mysql");
const unavailable = tlsPostgresUnavailable();
if (unavailable !== undefined) console.warn(`skipping the TLS PostgreSQL tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)("sslmode against a TLS-only PostgreSQL", () => {
  let server: TlsPostgres;
  let home = "";
  let cleanHome = async () => {};
  beforeAll(async () => {
    await alabBinary();
    server = await startTlsPostgres();
    ({ dir: home, cleanup: cleanHome } = await tempDir("alab-tls-home-"));
    await mkdir(join(home, "migrations"));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await cleanHome();
  });

  /** `alab status` against the TLS server; HOME is an empty folder (no ~/.postgresql files). */
  const status = (url: string) => runAlab(["status", "--url", url], { cwd: home, env: { NO_COLOR: "1" } });

  test.each([
    ["sslmode=allow", "plain is refused by pg_hba, so allow tries TLS next"],
    ["", "prefer, libpq's default"],
    ["sslmode=prefer", "TLS when the server offers it"],
    ["sslmode=require", "TLS, certificate not checked"],
  ])("%s connects (%s)", async (query) => {
    const r = await status(server.url(query));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  test("verify-ca and verify-full with the right CA connect; verify-ca ignores the host name, verify-full does not", async () => {
    const ca = `sslrootcert=${server.files.ca}`;
    expect((await status(server.url(`sslmode=verify-ca&${ca}`))).code).toBe(0);
    expect((await status(server.url(`sslmode=verify-full&${ca}`))).code).toBe(0);
    expect((await status(server.url(`sslmode=verify-ca&${ca}`, "localhost"))).code).toBe(0);
    const full = await status(server.url(`sslmode=verify-full&${ca}`, "localhost"));
    expect(full.code).toBe(1);
    expect(full.stderr).toContain("error[E_DB_CONNECT]: cannot connect to PostgreSQL at localhost:");
    expect(full.stderr).toContain("TLS: ");
    expect(full.stderr).toContain("(connecting over TLS (certificate and host name checked), sslmode=verify-full)");
  });

  test("a CA that did not sign the server's certificate is a TLS failure, not an authentication one; require with a root file checks it too", async () => {
    for (const mode of ["verify-ca", "verify-full", "require"]) {
      const r = await status(server.url(`sslmode=${mode}&sslrootcert=${server.files.otherCa}`));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("TLS: ");
      expect(r.stderr).toContain(`sslmode=${mode})`);
      expect(r.stderr).not.toMatch(/password|authentication/i);
    }
  });

  test("sslmode=disable is refused by the server's pg_hba (TLS only): the server's own message", async () => {
    const r = await status(server.url("sslmode=disable"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no encryption");
  });

  test("a client certificate: certdb demands one; sslcert and sslkey send it", async () => {
    const without = await status(server.url("sslmode=require", "127.0.0.1", "certdb"));
    expect(without.code).toBe(1);
    expect(without.stderr).toContain("certificate");
    const withCert = await status(server.url(`sslmode=verify-full&sslrootcert=${server.files.ca}&sslcert=${server.files.clientCert}&sslkey=${server.files.clientKey}`, "127.0.0.1", "certdb"));
    expect(withCert.stderr).toBe("");
    expect(withCert.code).toBe(0);
  });

  test("files: a missing or unreadable CA names the file (exit 2); a certificate without its key is refused; verify-ca without any root file says where it looked", async () => {
    const missing = await status(server.url("sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error[E_TLS_FILE]: the root certificate file /nonexistent/ca.pem does not exist");
    const folder = await status(server.url(`sslmode=verify-full&sslrootcert=${home}`));
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`the root certificate file ${home} is a folder, not a file`);
    const noKey = await status(server.url(`sslmode=require&sslcert=${server.files.clientCert}&sslkey=/nonexistent/client.key`));
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("its private key /nonexistent/client.key does not exist");
    const defaultRoot = await status(server.url("sslmode=verify-ca"));
    expect(defaultRoot.code).toBe(2);
    expect(defaultRoot.stderr).toContain(`the root certificate file ${join(home, ".postgresql", "root.crt")} does not exist`);
    expect(defaultRoot.stderr).toContain("sslrootcert=system");
  });

  test("libpq's default files: ~/.postgresql/root.crt makes require check the CA", async () => {
    await mkdir(join(home, ".postgresql"), { recursive: true });
    await Bun.write(join(home, ".postgresql", "root.crt"), Bun.file(server.files.otherCa));
    try {
      const r = await status(server.url("sslmode=require"));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("TLS: ");
      await Bun.write(join(home, ".postgresql", "root.crt"), Bun.file(server.files.ca));
      expect((await status(server.url("sslmode=require"))).code).toBe(0);
      expect((await status(server.url("sslmode=verify-ca"))).code).toBe(0);
    } finally {
      await Bun.$`rm -rf ${join(home, ".postgresql")}`.quiet();
    }
  });
});

describe.skipIf(mysql === null)("MySQL ssl-mode against a server without TLS", () => {
  const url = (q: string) => `${serviceUrl("mysql")}${q}`;
  test("PREFERRED (the default) and DISABLED connect; REQUIRED says TLS, not authentication", async () => {
    for (const q of ["?ssl-mode=PREFERRED", "?ssl-mode=DISABLED", "?ssl=false"]) {
      const d = await openDriver(url(q), "mysql");
      await d.close();
    }
    let error: unknown;
    try {
      await (await openDriver(url("?ssl-mode=REQUIRED"), "mysql")).close();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "E_DB_CONNECT", kind: "tls" });
    expect((error as Error).message).toContain("TLS: the server did not start TLS");
    expect((error as Error).message).not.toMatch(/authentication/i);
  });
});

describe("--wait", () => {
  let dir = "";
  let cleanup = async () => {};
  beforeAll(async () => {
    await alabBinary();
    ({ dir, cleanup } = await tempDir("alab-wait-"));
    await mkdir(join(dir, "migrations"));
  }, 120_000);
  afterAll(() => cleanup());

  test.skipIf(pg === null)("retries a refused connection until the server answers (a proxy opens the port after a while)", async () => {
    const port = await freePort();
    const target = new URL(serviceUrl("postgres"));
    const run = runAlab(["status", "--wait", "30", "--url", `postgres://postgres@127.0.0.1:${port}/postgres`], { cwd: dir, env: { NO_COLOR: "1" } });
    await Bun.sleep(1500);
    // The "server" starts: a TCP proxy to the real one, on the port alab keeps trying.
    const proxy = Bun.listen<{ peer?: ReturnType<typeof tcpConnect> }>({
      hostname: "127.0.0.1",
      port,
      socket: {
        open(s) {
          const peer = tcpConnect(Number(target.port || 5432), target.hostname);
          s.data = { peer };
          peer.on("data", (b) => s.write(b));
          peer.on("close", () => s.end());
          peer.on("error", () => s.end());
        },
        data(s, b) {
          s.data.peer?.write(b);
        },
        close(s) {
          s.data.peer?.end();
        },
      },
    });
    try {
      const r = await run;
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`PostgreSQL at 127.0.0.1:${port}`);
    } finally {
      proxy.stop(true);
    }
  });

  test("gives up after the time it was given, saying it waited", async () => {
    const port = await freePort();
    const r = await runAlab(["status", "--url", `postgres://postgres@127.0.0.1:${port}/postgres`], { cwd: dir, env: { NO_COLOR: "1", ALAB_WAIT: "1" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("connection refused (still, after waiting 1 s)");
  });

  test.skipIf(mysql === null)("a wrong password is final: no retrying", async () => {
    const u = new URL(serviceUrl("mysql"));
    u.password = "certainly-wrong";
    const r = await runAlab(["migrate", "--wait", "600", "--url", u.toString()], { cwd: dir, env: { NO_COLOR: "1" }, timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Access denied");
    expect(r.stderr).not.toContain("retrying");
    expect(r.stderr).not.toContain("after waiting");
  });

  test.each([["--wait", "soon"], ["--wait", "-1"]])("%s %s is a usage error", async (flag, value) => {
    const r = await runAlab(["status", flag, value], { cwd: dir, env: { NO_COLOR: "1" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--wait takes a number of seconds");
  });

  test("ALAB_WAIT that is not a number is a config error", async () => {
    const r = await runAlab(["status"], { cwd: dir, env: { NO_COLOR: "1", ALAB_WAIT: "forever" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[E_CONFIG_TYPE]: ALAB_WAIT takes a number of seconds");
  });
});
