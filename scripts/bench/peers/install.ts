/**
 * `--peers` installs the tools users would pick instead into a folder under the system's temp
 * directory with `npm install --prefix` — never into the project's dependencies. The folder is
 * kept between runs and reused while its package.json names the same versions.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { firstLine } from "../measure";

/** Pinned so that reruns compare like with like; kysely is the project's own (not installed here). */
export const PEER_VERSIONS: Readonly<Record<string, string>> = {
  "drizzle-kit": "0.31.11",
  "drizzle-orm": "0.45.4",
  knex: "3.3.0",
  "node-pg-migrate": "9.0.0",
  pg: "8.23.1",
};

export function defaultPeersDir(): string {
  return join(tmpdir(), "alab-bench-peers");
}

export async function installPeers(dir: string, log: (line: string) => void): Promise<string> {
  if (!Bun.which("node")) throw new Error("--peers needs Node.js (the peers are Node tools)");
  if (!Bun.which("npm")) throw new Error("--peers needs npm to install the peers");
  const manifest = `${JSON.stringify({ private: true, dependencies: PEER_VERSIONS }, null, 2)}\n`;
  const manifestPath = join(dir, "package.json");
  const installed = Object.keys(PEER_VERSIONS).every((name) => existsSync(join(dir, "node_modules", name, "package.json")));
  if (installed && existsSync(manifestPath) && readFileSync(manifestPath, "utf8") === manifest) {
    log(`peers: reusing ${dir}`);
    return dir;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(manifestPath, manifest);
  log(`peers: npm install --prefix ${dir} (${Object.entries(PEER_VERSIONS).map(([n, v]) => `${n}@${v}`).join(" ")})…`);
  const child = Bun.spawn(["npm", "install", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) {
    const meaningful = err.split("\n").filter((l) => !l.includes("Unknown user config")).join("\n");
    throw new Error(`installing the peers failed (npm exited ${code}): ${firstLine(meaningful || out)}`);
  }
  return dir;
}
