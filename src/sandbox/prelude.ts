/**
 * The recorder prelude: JavaScript that runs inside QuickJS. It is evaluated once per runtime, in
 * a context of its own (the recorder realm, hardened and deep-frozen), and returns `newFile`. For
 * each file the host creates a fresh user context and calls `newFile(kind, file, source, hostLog,
 * userGlobal, samples, locations, maxNodes, maxChars)`, which hardens the user realm, installs the
 * DSL roots of the file kind as recorders and returns a private API object (never reachable from
 * user code) the host calls to collect the exports and serialize the recording (at most maxNodes
 * values and calls and maxChars characters, see budgets.ts).
 * The recording format is `src/sandbox/protocol.ts`, with locations still in the evaluated text
 * (the host maps them, see recording.ts).
 *
 * Compiling the prelude costs ~2 ms and freezing a realm ~3 ms, which is why they happen once per
 * runtime and not per file. `samples` are one function of each kind created in the user realm,
 * to reach its function constructors.
 */
import { DESCRIBE_SOURCE, FACTS_SOURCE } from "./describe-source";
import { HARDEN_SOURCE } from "./harden";
import { REALM_SOURCE, RECORDER_SOURCE } from "./recorder-source";
import { VALUES_SOURCE } from "./values-source";

/** Evaluates to `{ newFile, facts }` (facts: see describe-source.ts). */
export const PRELUDE_SOURCE = `(function alabRealm() {
"use strict";
${REALM_SOURCE}
${FACTS_SOURCE}
${HARDEN_SOURCE}
hardenRealm(globalThis, realmForbidden);
function newFile(kindArg, fileArg, sourceArg, logArg, userGlobal, samples, locationsArg, nodesArg, charsArg) {
${RECORDER_SOURCE}
${VALUES_SOURCE}
${DESCRIBE_SOURCE}
locations = locationsArg !== false;
maxNodes = nodesArg;
maxChars = charsArg;
return setup(kindArg, fileArg, sourceArg, logArg, userGlobal, samples);
}
return freeze({ newFile: newFile, facts: hostFacts });
})()`;

/** The file name the prelude is evaluated under: never a user file name (those are relative paths). */
export const PRELUDE_FILE = "<alab prelude>";

/** Evaluated in each user context before the file, to hand `newFile` one function of each kind. */
export const SAMPLES_SOURCE = "[function () {}, async function () {}, function* () {}, async function* () {}]";

/**
 * Methods of the per-file API object:
 * - collect(namespace): reads the exports (invoking exported functions) into the pending result;
 * - serialize(): the JSON text of { value } once pending jobs have run;
 * - describe(error): JSON { code?, hint?, name, message, loc, compile? } for an exception,
 *   preferring the first value error of the file even if user code caught it.
 */
export type PreludeMethod = "collect" | "serialize" | "describe";
