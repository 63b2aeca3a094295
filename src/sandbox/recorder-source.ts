/**
 * In-sandbox source of the recorders (part of the prelude, see prelude.ts): roots, chains, call
 * locations, the `then` rule and the installation of the globals per file kind (console
 * formatting and the description of exceptions are in describe-source.ts).
 *
 * A root (`col`, `table`, a callback parameter) is a Proxy whose every property read starts a new
 * chain; a link (what a read or call returns) appends to its chain. Chains are mutable builders,
 * so calls made on a chain after it was passed somewhere still land in it; serialization is lazy.
 *
 * `then` is the one name engines read on their own (`await x`, `Promise.resolve(x)`, returning x
 * from an async function): a recorder answers it only when the user's code spells `.then`, `?.then`
 * or `[...]` at the reported position, so recorders never look thenable to the engine.
 */
/** Realm-wide part: the recorder realm's own built-ins, captured before anything can change them. */
export const REALM_SOURCE = String.raw`
const defineProperty = Object.defineProperty;
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const getPrototypeOf = Object.getPrototypeOf;
const objectKeys = Object.keys;
const freeze = Object.freeze;
const create = Object.create;
const isArray = Array.isArray;
const ownKeys = Reflect.ownKeys;
const apply = Reflect.apply;
const stringify = JSON.stringify;
const isFinite = Number.isFinite;
const toStringTag = Object.prototype.toString;
const functionToString = getPrototypeOf(function () {}).toString;
const ObjectProto = Object.prototype;
const ErrorCtor = Error;
const TypeErrorCtor = TypeError;
const ProxyCtor = Proxy;
const WeakMapCtor = WeakMap;
const StringCtor = String;
const WeakSetCtor = WeakSet;
const TAG = Symbol("alab");
const MAX_PARAMS = 16;
const LOG_LINE_MAX = 10000;

// Errors alab raises inside the sandbox -> { code, message, hint, loc }. Realm-wide: the realm's own
// stand-ins raise them too. Keys are error objects, so entries go away with the errors.
const marked = new WeakMapCtor();
/** site: where the error points, { loc, name } (name: the called method, for a location on its name) or null. */
function makeError(code, message, hint, site, Ctor) {
  const e = new Ctor(message);
  marked.set(e, { code: code, message: message, hint: hint, loc: site === null ? null : site.loc, call: site === null ? null : site.name });
  return e;
}
function realmForbidden(message, hint) {
  return makeError("E_SANDBOX_FORBIDDEN", message, hint, null, TypeErrorCtor);
}

`;

/** Per-file part: the body of newFile(), run once per file with fresh state. */
export const RECORDER_SOURCE = String.raw`
let kind = "";
// Whether every DSL call records where it was made. Off for a first, fast pass over schema files
// (the host evaluates again with locations when anything fails); reads of "then" always locate.
let locations = true;
let file = "";
let source = "";
let seq = 0;
let fatal = null;
let lineStarts = null;
let astral = null;
// The user realm's own constructors and Object.prototype, read before any user code runs.
let UserTypeError = TypeErrorCtor;
let UserObjectProto = ObjectProto;
const byProxy = new WeakMapCtor();

function forbidden(message, hint) {
  return makeError("E_SANDBOX_FORBIDDEN", message, hint, null, UserTypeError);
}
/** A value that cannot be recorded: the file's result would be incomplete, so it stays fatal even if caught. */
function fail(code, message, hint, site) {
  const e = makeError(code, message, hint, site, UserTypeError);
  if (fatal === null) fatal = marked.get(e);
  throw e;
}

/** The first frame in the user's file: "at f (FILE:LINE:COL)", or "at FILE:LINE:COL" for a parse error. */
function locFromStack(stack) {
  if (typeof stack !== "string") return null;
  let i = stack.indexOf("(" + file + ":");
  if (i >= 0) i += file.length + 2;
  else {
    i = stack.indexOf("at " + file + ":");
    if (i < 0) return null;
    i += file.length + 4;
  }
  let line = 0;
  let column = 0;
  let c = stack.charCodeAt(i);
  if (!(c >= 48 && c <= 57)) return null;
  for (; c >= 48 && c <= 57; c = stack.charCodeAt(++i)) line = line * 10 + c - 48;
  if (c !== 58) return null;
  for (c = stack.charCodeAt(++i); c >= 48 && c <= 57; c = stack.charCodeAt(++i)) column = column * 10 + c - 48;
  return { line: line, column: unitColumn(line, column) };
}
function callerLoc() {
  return locFromStack(new ErrorCtor().stack);
}
function starts() {
  if (lineStarts === null) {
    lineStarts = [0];
    // indexOf runs natively: a loop over every character costs ~0.2 µs a character in QuickJS.
    for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  }
  return lineStarts;
}
/** QuickJS counts columns in code points; the recording uses UTF-16 units like the host strings. */
function unitColumn(line, column) {
  const s = starts()[line - 1];
  if (s === undefined) return column;
  // Without surrogate pairs code points are code units: skip the walk (~0.2 µs a character).
  if (astral === null) astral = /[\uD800-\uDBFF]/.test(source);
  if (!astral) return column - 1 < source.length - s ? column : source.length - s + 1;
  let i = s;
  for (let n = 1; n < column && i < source.length; n++) {
    const c = source.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return i - s + 1;
}
function offsetOf(loc) {
  const s = starts()[loc.line - 1];
  return s === undefined ? -1 : s + loc.column - 1;
}
function locOfOffset(offset) {
  const s = starts();
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - s[lo] + 1 };
}
function isSpace(c) {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}
function explicitThen(loc) {
  if (loc === null) return false;
  let i = offsetOf(loc);
  if (i < 0) return false;
  if (source[i] === "[") return true;
  if (source[i] === "?" && source[i + 1] === ".") i += 2;
  else if (source[i] === ".") i += 1;
  else return false;
  while (i < source.length && isSpace(source[i])) i++;
  return source.startsWith("then", i) && !/[\w$]/.test(source[i + 4] || "");
}

/** live: for Azul manual mode (live-source.ts), (chain, key) -> the value of an execution method, or undefined. */
function newRoot(name, callable) {
  return { name: name, callable: callable, log: [], live: undefined };
}
function newChain(root) {
  seq += 1;
  const chain = { root: root.name, seq: seq, calls: [], tail: undefined };
  root.log.push(chain);
  return chain;
}
function describeChain(chain) {
  let text = chain.root;
  for (let i = 0; i < chain.calls.length; i++) {
    const c = chain.calls[i];
    const head = i === 0 && c.name === chain.root && c.args !== null ? "" : "." + c.name;
    text += head + (c.args === null ? "" : "(...)");
  }
  return text;
}
function describeState(s) {
  return s.chain === null ? s.root.name : describeChain(s.chain);
}
// The target is private to the proxy (no trap forwards to it), so it can carry the state.
function proxyFor(state) {
  const target = () => {};
  target[TAG] = state;
  const proxy = new ProxyCtor(target, handler);
  byProxy.set(proxy, state);
  return proxy;
}
function rootProxy(root) {
  return proxyFor({ root: root, chain: null, call: null });
}
/** call: the call a later (...) fills in, or null after a call (one such proxy per chain). */
function linkProxy(root, chain, call) {
  if (call !== null) return proxyFor({ root: root, chain: chain, call: call });
  if (chain.tail === undefined) chain.tail = proxyFor({ root: root, chain: chain, call: null });
  return chain.tail;
}
function readOnly(target, key) {
  const what = typeof key === "string" ? "\x60" + key + "\x60" : "a property";
  throw forbidden("cannot change " + what + " of \x60" + describeState(target[TAG]) + "\x60: alab DSL objects are read-only", "call the DSL methods instead of assigning to them");
}
const handler = freeze({
  get(target, key) {
    if (typeof key !== "string") return undefined;
    const state = target[TAG];
    if (state.root.live !== undefined && state.chain !== null) {
      const run = state.root.live(state.chain, key);
      if (run !== undefined) return run;
    }
    const loc = locations || key === "then" ? callerLoc() : null;
    if (key === "then" && !explicitThen(loc)) {
      // The engine asks whether an Azul query is thenable (await, Promise.resolve): in Azul that
      // executes it, so it is recorded as a pseudo-call the interpreter refuses in sequential mode.
      if (state.chain !== null && (state.root.name === "schema" || state.root.name === "query")) state.chain.calls.push({ name: "await", args: null, loc: loc });
      return undefined;
    }
    const chain = state.chain === null ? newChain(state.root) : state.chain;
    const call = { name: key, args: null, loc: loc };
    chain.calls.push(call);
    return linkProxy(state.root, chain, call);
  },
  apply(target, self, args) {
    const state = target[TAG];
    let call = state.call;
    let chain = state.chain;
    if (chain === null) {
      if (!state.root.callable) throw new UserTypeError("\x60" + state.root.name + "\x60 is not a function");
      chain = newChain(state.root);
      call = { name: state.root.name, args: null, loc: locations ? callerLoc() : null };
      chain.calls.push(call);
    } else if (call === null) {
      throw new UserTypeError("\x60" + describeChain(chain) + "\x60 is not a function");
    } else if (call.args !== null) {
      call = { name: call.name, args: null, loc: locations ? callerLoc() : null };
      chain.calls.push(call);
    }
    const azul = state.root.name === "schema" || state.root.name === "query";
    call.args = snapArgs(args, call, azul && PROMISE_METHODS.indexOf(call.name) >= 0);
    return linkProxy(state.root, chain, null);
  },
  has() { return false; },
  ownKeys() { return []; },
  getOwnPropertyDescriptor() { return undefined; },
  getPrototypeOf() { return null; },
  set: readOnly,
  defineProperty: readOnly,
  deleteProperty: readOnly,
  setPrototypeOf(target) { return readOnly(target, "__proto__"); },
  preventExtensions(target) { return readOnly(target, undefined); },
});

let moduleObject = null;
function setup(k, f, s, hostLog, g, samples) {
  kind = k;
  file = f;
  source = s;
  UserTypeError = g.TypeError;
  UserObjectProto = g.Object.prototype;
  registerErrors(g);
  hardenUser(g, samples, forbidden);
  const define = (name, value) => defineProperty(g, name, { value: value, writable: false, enumerable: false, configurable: false });
  define("console", makeConsole(hostLog));
  // sql({ postgres: "...", mysql: "...", sqlite: "..." }): AstrolaDB's per-database SQL value.
  define("sql", rootProxy(newRoot("sql", true)));
  // fn.col("a"), fn.concat(...): AstrolaDB's expression builder for generated columns.
  define("fn", rootProxy(newRoot("fn", false)));
  if (kind === "schema") {
    define("table", rootProxy(newRoot("table", true)));
    define("col", rootProxy(newRoot("col", false)));

  } else if (kind === "migration") {
    define("migration", rootProxy(newRoot("migration", true)));
    const exportsObject = create(UserObjectProto);
    moduleObject = create(UserObjectProto);
    dataProperty(moduleObject, "exports", exportsObject);
    define("exports", exportsObject);
    define("module", moduleObject);
  } else {
    throw new TypeErrorCtor("unknown file kind " + kind);
  }
  return freeze({ collect: collect, serialize: serialize, describe: describe });
}
`;
