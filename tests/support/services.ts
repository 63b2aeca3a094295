/**
 * Database servers for test suites. `requireService` answers the connection URL when the server
 * is reachable. When it is not: outside CI the suite is skipped with a visible notice on stderr;
 * under CI=true a failing test is registered instead, so a dead server can never pass silently.
 *
 *   const pg = await requireService("postgres");
 *   describe.skipIf(pg === null)("postgres driver", () => { ... pg!.url ... });
 */
import { test } from "bun:test";
import { connect } from "node:net";

export type Service = "postgres" | "mysql";

const DEFAULT_URL: Record<Service, { env: string; url: string; start: string }> = {
  postgres: {
    env: "ALAB_TEST_PG_URL",
    url: "postgres://postgres@127.0.0.1:5432/test",
    start: "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
  },
  mysql: {
    env: "ALAB_TEST_MYSQL_URL",
    url: "mysql://root@127.0.0.1:3306/test",
    start: "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
  },
};

export function serviceUrl(service: Service): string {
  const d = DEFAULT_URL[service];
  const fromEnv = process.env[d.env];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : d.url;
}

/** True when a TCP connection to the URL's host and port opens within `timeoutMs`. */
export function reachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol.startsWith("postgres") ? 5432 : 3306));
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname || "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

const checked = new Map<Service, Promise<boolean>>();

export async function requireService(service: Service): Promise<{ url: string } | null> {
  const url = serviceUrl(service);
  let probe = checked.get(service);
  if (probe === undefined) {
    probe = reachable(url);
    checked.set(service, probe);
  }
  if (await probe) return { url };
  const where = `${new URL(url).hostname}:${new URL(url).port}`;
  const how = `start it with: ${DEFAULT_URL[service].start} (or set ${DEFAULT_URL[service].env})`;
  if (process.env.CI === "true") {
    test(`${service} is reachable at ${where}`, () => {
      throw new Error(`${service} is not reachable at ${where} and CI=true forbids skipping; ${how}`);
    });
  } else {
    process.stderr.write(`\n⚠ ${service} is not reachable at ${where}: skipping its suites here (under CI=true this fails). ${how}\n`);
  }
  return null;
}
