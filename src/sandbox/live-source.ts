/**
 * In-sandbox source of Azul manual mode (see live.ts): the exported `up`/`down` called with live
 * `schema` and `query` roots. They record calls like every recorder, but on a chain their
 * execution methods (`then`, `execute`, `catch`, `finally`, and `await`, which reads `then`) are
 * real: executing a chain serializes it, hands it to the host, and returns a promise of the
 * user's realm that the host resolves once the database answered. A chain runs at most once, as
 * an Azul query does; a chain never executed is reported, since in manual mode it would not run.
 *
 * The prelude for manual mode is the recorder prelude (prelude.ts) with this part added to each
 * file's scope: it uses the recorder's roots and serialization, so what the host reads is the
 * same protocol as a recording.
 */
import { DESCRIBE_SOURCE, FACTS_SOURCE } from "./describe-source";
import { HARDEN_SOURCE } from "./harden";
import { REALM_SOURCE, RECORDER_SOURCE } from "./recorder-source";
import { VALUES_SOURCE } from "./values-source";

const LIVE_SOURCE = String.raw`
const LIVE_KEYS = freeze(["then", "execute", "catch", "finally"]);
let liveRoots = [];
let hostRun = null;
// The user realm's Promise and JSON.parse, read before any user code runs: the results a file
// gets are its own realm's objects (instanceof Array, Promise work as it expects).
let UserPromise = null;
let userThen = null;
let userCatch = null;
let userFinally = null;
let userParse = null;

function liveInit(g, run) {
  hostRun = run;
  UserPromise = g.Promise;
  userThen = g.Promise.prototype.then;
  userCatch = g.Promise.prototype.catch;
  userFinally = g.Promise.prototype.finally;
  userParse = g.JSON.parse;
}

function runChain(chain) {
  if (chain.running === undefined) {
    const json = stringify({ $alab: "chain", chain: serChain(chain, null) });
    chain.running = new UserPromise(function (resolve) {
      hostRun(json, function (text) {
        resolve(text === undefined ? undefined : userParse(text));
      });
    });
  }
  return chain.running;
}

function liveHook(chain, key) {
  if (LIVE_KEYS.indexOf(key) < 0) return undefined;
  switch (key) {
    case "execute":
      return function execute() { return runChain(chain); };
    case "then":
      return function then(onFulfilled, onRejected) { return apply(userThen, runChain(chain), [onFulfilled, onRejected]); };
    case "catch":
      return function (onRejected) { return apply(userCatch, runChain(chain), [onRejected]); };
    default:
      return function (onFinally) { return apply(userFinally, runChain(chain), [onFinally]); };
  }
}

/** The exported function, found where collect() finds exports (ES, CommonJS, a default object). */
function liveFunction(ns, name) {
  const esKeys = objectKeys(ns);
  const cjs = moduleObject.exports;
  const cjsObject = cjs !== null && typeof cjs === "object" ? cjs : create(null);
  let fn;
  if (esKeys.indexOf(name) >= 0) fn = ns[name];
  else if (objectKeys(cjsObject).indexOf(name) >= 0) fn = cjsObject[name];
  else {
    const d = esKeys.indexOf("default") >= 0 ? ns.default : cjsObject.default;
    if (isPlainObject(d)) fn = d[name];
  }
  if (typeof fn !== "function") throw new TypeErrorCtor("alab: the file no longer exports a function \x60" + name + "\x60");
  return fn;
}

/** Calls the function; returns a promise of this realm that settles with its result, or undefined when it returned no thenable. */
function liveStart(ns, name) {
  const fn = liveFunction(ns, name);
  const schemaRoot = newRoot("schema", false);
  const queryRoot = newRoot("query", false);
  schemaRoot.live = liveHook;
  queryRoot.live = liveHook;
  liveRoots = [schemaRoot, queryRoot];
  const result = apply(fn, undefined, [rootProxy(schemaRoot), rootProxy(queryRoot)]);
  const thenable = ((typeof result === "object" && result !== null) || typeof result === "function") && typeof result.then === "function";
  return thenable ? Promise.resolve(result) : undefined;
}

/** JSON of the chains made but never executed, in the order written; throws a value error the file caught. */
function liveUnexecuted() {
  if (fatal !== null) throw makeError(fatal.code, fatal.message, fatal.hint, { loc: fatal.loc, name: fatal.call }, UserTypeError);
  const out = [];
  for (let i = 0; i < liveRoots.length; i++) {
    const log = liveRoots[i].log;
    for (let j = 0; j < log.length; j++) if (log[j].calls.length > 0 && log[j].running === undefined) out.push(serChain(log[j], null));
  }
  out.sort(function (a, b) { return a.seq - b.seq; });
  return stringify(out);
}
`;

/** Evaluates to `{ newFile, facts }`; newFile takes the recorder prelude's arguments, with the host's `run(json, resolve)` in place of `locations`. */
export const LIVE_PRELUDE_SOURCE = `(function alabLiveRealm() {
"use strict";
${REALM_SOURCE}
${FACTS_SOURCE}
${HARDEN_SOURCE}
hardenRealm(globalThis, realmForbidden);
function newFile(kindArg, fileArg, sourceArg, logArg, userGlobal, samples, runArg, nodesArg, charsArg) {
${RECORDER_SOURCE}
${VALUES_SOURCE}
${DESCRIBE_SOURCE}
${LIVE_SOURCE}
maxNodes = nodesArg;
maxChars = charsArg;
const api = setup(kindArg, fileArg, sourceArg, logArg, userGlobal, samples);
liveInit(userGlobal, runArg);
return freeze({ start: liveStart, unexecuted: liveUnexecuted, describe: api.describe });
}
return freeze({ newFile: newFile, facts: hostFacts });
})()`;

export type LiveMethod = "start" | "unexecuted" | "describe";
