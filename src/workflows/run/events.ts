/**
 * The run's vocabulary, shared by the engine (runner.ts), its failure reports (failure.ts), Azul's
 * manual mode (manual.ts) and the commands that print progress (migrate, rollback).
 */
import type { Direction } from "./units";

export type { Direction };

/** Where a unit failed: a migration's own statements, its tracking row, the closing check, or COMMIT. */
export type Phase = "statements" | "recording" | "closing" | "commit";

export type RunEvent =
  | { readonly kind: "warning"; readonly message: string }
  | { readonly kind: "note"; readonly file: string; readonly message: string }
  | { readonly kind: "log"; readonly file: string; readonly line: string }
  /** A migration's statements are about to be sent (progress: what a long run waits on). */
  | { readonly kind: "start"; readonly direction: Direction; readonly file: string }
  | { readonly kind: "migration"; readonly direction: Direction; readonly file: string; readonly ms: number; readonly statements: number };

export interface DoneMigration {
  readonly revision: string;
  readonly name: string;
  /** Display path. */
  readonly file: string;
  readonly ms: number;
}
