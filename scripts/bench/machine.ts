/**
 * The machine line printed above the table: figures only mean something next to the CPU, the
 * core count and the versions they were measured with.
 */
import { Database } from "bun:sqlite";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import type { PgAdmin } from "./pg";
import type { Tools } from "./tools";

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    return line?.split(":")[1]?.trim() ?? cpus()[0]?.model ?? "unknown CPU";
  } catch {
    return cpus()[0]?.model ?? "unknown CPU";
  }
}

async function output(cmd: string[]): Promise<string> {
  const child = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
  const [text] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  return text.trim();
}

export async function machineLine(tools: Tools, pg: PgAdmin): Promise<string> {
  const sqliteCli = (await output([tools.sqlite3, "--version"])).split(" ")[0] ?? "?";
  const db = new Database(":memory:");
  const bunSqlite = db.query<{ v: string }, []>("select sqlite_version() as v").get()?.v ?? "?";
  db.close();
  const bunVersion = await output([tools.bun, "--version"]);
  const pgVersion = await pg.version();
  const settings = await pg.settings();
  const durability = Object.entries(settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const memGiB = (totalmem() / 1024 ** 3).toFixed(0);
  return (
    `${cpuModel()}, ${cpus().length} cores, ${memGiB} GiB; Bun ${bunVersion}; ` +
    `PostgreSQL ${pgVersion} (${durability}); SQLite ${bunSqlite} in Bun, sqlite3 CLI ${sqliteCli}; ` +
    `Node ${Bun.which("node") ? await output(["node", "--version"]) : "not installed"} (peers)`
  );
}
