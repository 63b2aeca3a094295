/**
 * SIGINT (Ctrl-C) and SIGTERM (what `kill`, a rollout or a job's deadline sends). With no run in
 * progress alab stops at once (the signal's default action: a shell reports 130 or 143).
 * During `migrate`/`rollback` the first signal cancels the running statement on the server, the
 * run rolls back and releases its lock, and the error says what was kept; a second signal exits
 * at once (the server rolls back and frees the lock when the connection closes). Without this, the
 * process died while the server went on running the statement and holding the lock.
 */
import { EXIT, type ExitCode } from "../errors";
import type { StopSignal } from "../db/faults";
import type { RunSignals, Stoppable } from "../workflows/database/connect";
import { printLines } from "./render";

const SIGNALS: readonly StopSignal[] = ["SIGINT", "SIGTERM"];

export function exitOfSignal(signal: StopSignal): ExitCode {
  return signal === "SIGINT" ? EXIT.interrupted : EXIT.terminated;
}

class SignalWatch implements RunSignals {
  /** The first signal received, if any. */
  received: StopSignal | undefined;
  private readonly running = new Set<Stoppable>();
  private exit: (code: ExitCode) => void = () => undefined;
  private readonly handlers = new Map<StopSignal, () => void>(SIGNALS.map((s) => [s, () => this.on(s)]));
  private installed = false;

  /** Called once by main.ts, which owns exiting. */
  install(exit: (code: ExitCode) => void): void {
    this.exit = exit;
  }

  /**
   * alab's handlers are attached only while a connection is registered: at any other time (reading
   * files, evaluating them in the sandbox, connecting, waiting for the server) nothing is half done
   * on a database, and the signal's default action ends the process at once, even inside a long
   * synchronous evaluation that no handler could interrupt.
   */
  watch(target: Stoppable): () => void {
    if (this.running.size === 0) this.attach();
    this.running.add(target);
    if (this.received !== undefined) void target.interrupt(this.received);
    return () => {
      this.running.delete(target);
      // After a first signal the handlers stay: a second one says why the report is cut short.
      if (this.running.size === 0 && this.installed && this.received === undefined) this.detach();
    };
  }

  uninterruptible<T>(fn: () => T): T {
    if (!this.installed) return fn();
    this.detach();
    try {
      return fn();
    } finally {
      this.attach();
    }
  }

  async idle<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.installed) return fn();
    this.detach();
    try {
      return await fn();
    } finally {
      if (this.running.size > 0) this.attach();
    }
  }

  private attach(): void {
    if (this.installed) return;
    for (const [s, h] of this.handlers) process.on(s, h);
    this.installed = true;
  }

  private detach(): void {
    for (const [s, h] of this.handlers) process.off(s, h);
    this.installed = false;
  }

  private on(signal: StopSignal): void {
    const first = this.received === undefined;
    this.received ??= signal;
    if (first && this.running.size === 0) {
      printLines([`interrupted by ${signal}`], "stderr");
      this.exit(exitOfSignal(signal));
      return;
    }
    if (!first) {
      printLines([`${signal} again: exiting now; the database rolls the open transaction back and releases the lock when the connection closes (\`alab status\` shows what is applied)`], "stderr");
      this.exit(exitOfSignal(this.received));
      return;
    }
    printLines([`${signal} received: cancelling the running statement and rolling back (send it again to exit at once)`], "stderr");
    for (const t of this.running) void t.interrupt(signal);
  }
}

export const signals = new SignalWatch();
