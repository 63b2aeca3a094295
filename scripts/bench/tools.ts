/**
 * The programs the harness times or needs: the real psql (not Debian's Perl wrapper), sqlite3,
 * GNU time, a hello-world binary compiled by the same Bun, and alab itself.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GNU_TIME, firstLine } from "./measure";

export interface Tools {
  readonly psql: string;
  readonly sqlite3: string;
  readonly bun: string;
}

function which(name: string): string | undefined {
  return Bun.which(name) ?? undefined;
}

/** `/usr/lib/postgresql/<newest>/bin/psql`: Debian's /usr/bin/psql is a Perl wrapper (~35 ms per start). */
export function realPsql(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return which("psql");
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "psql")))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions[0] ? join(root, versions[0], "bin", "psql") : which("psql");
}

export function findTools(repo: string): Tools {
  const missing: string[] = [];
  const psql = realPsql();
  const sqlite3 = which("sqlite3");
  if (!existsSync(GNU_TIME)) missing.push("GNU time at /usr/bin/time (Debian package `time`)");
  if (!psql) missing.push("psql (Debian package `postgresql-client`)");
  if (!sqlite3) missing.push("sqlite3 (Debian package `sqlite3`)");
  if (missing.length > 0) {
    throw new Error(`the benchmark needs: ${missing.join(", ")}; install with apt-get install time sqlite3 postgresql-client`);
  }
  const localBun = join(repo, "node_modules", ".bin", "bun");
  return { psql: psql!, sqlite3: sqlite3!, bun: existsSync(localBun) ? localBun : process.execPath };
}

/** Compiles `console.log("hello")` with the same Bun into `dir`; the floor of start-up rows. */
export async function buildHello(bun: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const source = join(dir, "hello.ts");
  const out = join(dir, "hello");
  writeFileSync(source, 'console.log("hello");\n');
  const child = Bun.spawn([bun, "build", "--compile", source, "--outfile", out], {
    cwd: dir,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stderr, code] = await Promise.all([new Response(child.stderr).text(), child.exited]);
  if (code !== 0) throw new Error(`compiling the hello-world binary failed: ${firstLine(stderr)}`);
  return out;
}

export interface AlabBinary {
  /** Path of the binary when it exists and answers `--help`. */
  readonly path?: string;
  /** Why there is no usable binary. */
  readonly problem?: string;
  /** What the harness did: "built with scripts/build.ts", "given with --alab", … */
  readonly how: string;
}

/** Builds `dist/alab` with the project's build script (unless told not to) and checks it starts. */
export async function prepareAlab(repo: string, bun: string, given: string | undefined, build: boolean): Promise<AlabBinary> {
  let how = "given with --alab";
  let path = given;
  if (!path) {
    path = join(repo, "dist", "alab");
    how = "existing dist/alab";
    const script = join(repo, "scripts", "build.ts");
    if (build && existsSync(script)) {
      const child = Bun.spawn([bun, script], { cwd: repo, stdout: "pipe", stderr: "pipe" });
      const [out, err, code] = await Promise.all([
        new Response(child.stdout).text(),
        new Response(child.stderr).text(),
        child.exited,
      ]);
      if (code !== 0) return { problem: `\`npm run build\` failed: ${firstLine(err || out, 2)}`, how: "build failed" };
      how = "built with scripts/build.ts";
    } else if (build) {
      how = "existing dist/alab (scripts/build.ts does not exist yet)";
    }
  }
  if (!existsSync(path) || !statSync(path).isFile()) {
    return { problem: `no alab binary at ${path} (npm run build has not produced it yet)`, how };
  }
  const child = Bun.spawn([path, "--help"], { stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) return { problem: `\`alab --help\` exited ${code}: ${firstLine(err || out)}`, how };
  return { path, how };
}
