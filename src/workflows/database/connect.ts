/**
 * Opening the configured database for a command. Commands that only read (status, --dry) must
 * not create a SQLite file that does not exist yet: they get an empty in-memory database of the
 * same SQLite library instead, which has no migrations applied — the truth about a missing file.
 */
import { existsSync } from "node:fs";
import type { Config } from "../../config";
import type { Driver, SignalGuard } from "../../db/driver";
import type { StopSignal } from "../../db/faults";
import { ConnectError, TRANSIENT } from "../../db/failures";
import { type OpenOptions, openDriver } from "../../db/open";
import { type Target, targetOf } from "../../db/target";
import { isWithin } from "../project/paths";
import { checkProjectFile } from "../project/read-file";

export interface ConnectOptions {
  /** False for read-only commands: never create a SQLite file. */
  readonly create: boolean;
  readonly onNotice?: (message: string) => void;
  /** Bounds every wait for a lock, the run lock's and (SQLite) the database file's. */
  readonly lockSeconds?: number;
  /** Commands that change the database: a signal cancels what the driver runs (src/cli/signals.ts). */
  readonly signals?: RunSignals;
}

export interface Stoppable {
  interrupt(signal: StopSignal): Promise<void>;
}

/** Where a run registers its connection so that SIGINT/SIGTERM can cancel its statement. */
export interface RunSignals extends SignalGuard {
  /** Registers `target` until the returned function is called; a signal already received interrupts it now. */
  watch(target: Stoppable): () => void;
  /**
   * Runs work that leaves nothing half done on the database (evaluating files in the sandbox,
   * which blocks the process for up to its time limit): meanwhile a signal ends the process at
   * once, and the server drops the connection's session.
   */
  idle<T>(fn: () => Promise<T>): Promise<T>;
}

/** What a command needs to know of the configured database. */
export type DatabaseConfig = Pick<Config, "dialect" | "url" | "sqliteFile" | "urlShown" | "urlHidden" | "urlChosenBy" | "projectRoot" | "cwd"> & Partial<Pick<Config, "waitSeconds">>;

export function databaseUrl(config: Pick<Config, "dialect" | "url" | "sqliteFile">): string {
  // A database that is a local file (SQLite) is opened by its resolved path.
  return config.sqliteFile === undefined ? config.url : `sqlite:${config.sqliteFile}`;
}

/** The configured database in words, for headers and messages (only as written when its URL is a variable's value). */
export function databaseTarget(config: DatabaseConfig): Target {
  return targetOf(databaseUrl(config), config.dialect, config.urlHidden ? config.urlShown : undefined);
}

export async function connect(config: DatabaseConfig, opts: ConnectOptions): Promise<Driver> {
  const url = databaseUrl(config);
  const options: Partial<OpenOptions> = {
    ...(opts.onNotice === undefined ? {} : { onNotice: opts.onNotice }),
    ...(config.urlHidden ? { shownAs: config.urlShown } : {}),
    passwordFromUrlOnly: config.urlChosenBy === "project",
    ...(opts.lockSeconds === undefined ? {} : { lockTimeoutSeconds: opts.lockSeconds }),
    ...(opts.signals === undefined ? {} : { signals: opts.signals }),
  };
  const file = config.sqliteFile !== ":memory:" ? config.sqliteFile : undefined;
  // A SQLite file in the project may come from a pull request like any project file: no link out
  // of the project, no FIFO or device (one the operator names outside the project is theirs).
  if (file !== undefined && isWithin(config.projectRoot, file)) checkProjectFile(file, { root: config.projectRoot, cwd: config.cwd });
  if (file !== undefined && !opts.create && !existsSync(file)) {
    return openDriver("sqlite::memory:", "sqlite", options);
  }
  return withRetries(config.waitSeconds ?? 0, () => openDriver(url, config.dialect, options), opts.onNotice);
}

/**
 * `--wait`: a server that starts beside the app (compose, CI services) refuses connections for a
 * while. Failures that may pass (refused, no answer, host not found yet, starting up) are retried
 * with a growing pause until `seconds` have passed; a refused login, an unknown database or a TLS
 * failure is final at once: no waiting makes them pass.
 */
export async function withRetries(seconds: number, open: () => Promise<Driver>, onNotice?: (message: string) => void): Promise<Driver> {
  const deadline = performance.now() + seconds * 1000;
  let pause = 250;
  let told = false;
  for (;;) {
    try {
      return await open();
    } catch (e) {
      if (!(e instanceof ConnectError) || !TRANSIENT.has(e.kind) || seconds <= 0) throw e;
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new ConnectError(e.kind, { code: e.code, message: `${e.message} (still, after waiting ${seconds} s)`, ...(e.hint === undefined ? {} : { hint: e.hint }), exit: e.exit, cause: e });
      }
      if (!told) onNotice?.(`${e.message}; retrying for up to ${seconds} s (--wait)`);
      told = true;
      await Bun.sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, 5000);
    }
  }
}

export interface SessionOptions extends ConnectOptions {
  /** With `lockSeconds`: take the migration lock for the whole session (commands that write). */
  readonly lockKey: string;
  /**
   * Take the lock only when `fn` calls `lock()`: a command may first read, without the lock,
   * whether it has anything to do (what it reads is a consistent snapshot either way).
   */
  readonly lockLater?: boolean;
}

/** Opens the database, takes the lock when asked, runs `fn`, and always releases and closes. */
export async function withDatabase<T>(
  config: DatabaseConfig,
  opts: SessionOptions,
  fn: (driver: Driver, lock: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const driver = await connect(config, opts);
  const unwatch = opts.signals?.watch(driver);
  let release: (() => Promise<void>) | undefined;
  const lock = async (): Promise<void> => {
    if (release === undefined && opts.lockSeconds !== undefined) release = await driver.lock(opts.lockKey, opts.lockSeconds);
  };
  try {
    if (opts.lockLater !== true) await lock();
    return await fn(driver, lock);
  } finally {
    await release?.().catch(() => undefined);
    await driver.close();
    unwatch?.();
  }
}
