/**
 * The recorder prelude: JavaScript that runs inside QuickJS, in every fresh context, before the
 * user's file. It hardens the context, installs the DSL roots of the file kind as recorders, and
 * returns a private API object (never reachable from user code) that the host calls to collect
 * the exports and to serialize the recording. The recording format is `src/sandbox/protocol.ts`,
 * with locations still in the evaluated text (the host maps them, see recording.ts).
 *
 * Locations come from `new Error().stack` inside a trap: the first frame in the user's file is
 * the call site (QuickJS reports the position of the `.` of a property access, or the `(` of a
 * call). The text is plain JavaScript, composed from the pieces in recorder-source.ts.
 */
import { HARDEN_SOURCE } from "./harden";
import { RECORDER_SOURCE } from "./recorder-source";
import { VALUES_SOURCE } from "./values-source";

/** Evaluates to `(kind, file, source, hostLog) => api`; see PreludeApi. */
export const PRELUDE_SOURCE = `(function alabPrelude(kind, file, source, hostLog) {
"use strict";
${HARDEN_SOURCE}
${RECORDER_SOURCE}
${VALUES_SOURCE}
return setup(kind, file, source, hostLog);
})`;

/** The file name the prelude is evaluated under: never a user file name (those are relative paths). */
export const PRELUDE_FILE = "<alab prelude>";

/**
 * Methods of the API object the prelude returns, all called by the host:
 * - collect(namespace): reads the exports (invoking exported functions) into the pending result;
 * - serialize(): the JSON text of { value } once pending jobs have run;
 * - describe(error): JSON { code?, hint?, name, message, loc } for an exception, preferring the
 *   first sandbox refusal of the file even if user code caught it.
 */
export type PreludeMethod = "collect" | "serialize" | "describe";
