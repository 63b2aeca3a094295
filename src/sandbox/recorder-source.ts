/**
 * In-sandbox source of the recorders (part of the prelude, see prelude.ts): roots, chains, call
 * locations, the `then` rule, console capture and the installation of the globals per file kind.
 *
 * A root (`col`, `table`, a callback parameter) is a Proxy whose every property read starts a new
 * chain; a link (what a read or call returns) appends to its chain. Chains are mutable builders,
 * so calls made on a chain after it was passed somewhere still land in it; serialization is lazy.
 *
 * `then` is the one name engines read on their own (`await x`, `Promise.resolve(x)`, returning x
 * from an async function): a recorder answers it only when the user's code spells `.then`, `?.then`
 * or `[...]` at the reported position, so recorders never look thenable to the engine.
 */
export const RECORDER_SOURCE = String.raw`
const defineProperty = Object.defineProperty;
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const getPrototypeOf = Object.getPrototypeOf;
const objectKeys = Object.keys;
const freeze = Object.freeze;
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
const SyntaxErrorCtor = SyntaxError;
const ProxyCtor = Proxy;
const WeakMapCtor = WeakMap;
const StringCtor = String;
const TAG = Symbol("alab");
const MAX_PARAMS = 16;
const LOG_LINE_MAX = 10000;

let kind = "";
let file = "";
let source = "";
let seq = 0;
let fatal = null;
let lineStarts = null;
const marked = new WeakMapCtor();
const byProxy = new WeakMapCtor();
const byTarget = new WeakMapCtor();

function makeError(code, message, hint, loc) {
  const e = new TypeErrorCtor(message);
  marked.set(e, { code: code, message: message, hint: hint, loc: loc });
  return e;
}
function forbidden(message, hint) {
  return makeError("E_SANDBOX_FORBIDDEN", message, hint, null);
}
/** A value that cannot be recorded: the file's result would be incomplete, so it stays fatal even if caught. */
function fail(code, message, hint, loc) {
  const e = makeError(code, message, hint, loc);
  if (fatal === null) fatal = { code: code, message: message, hint: hint, loc: loc };
  throw e;
}

function locFromStack(stack) {
  if (typeof stack !== "string") return null;
  const paren = "(" + file + ":";
  const bare = "at " + file + ":";
  const lines = stack.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let start = line.lastIndexOf(paren);
    if (start >= 0) start += paren.length;
    else {
      start = line.indexOf(bare);
      if (start >= 0) start += bare.length;
    }
    if (start < 0) continue;
    const m = /^(\d+):(\d+)/.exec(line.slice(start));
    if (m !== null) return { line: +m[1], column: unitColumn(+m[1], +m[2]) };
  }
  return null;
}
function callerLoc() {
  return locFromStack(new ErrorCtor().stack);
}
function starts() {
  if (lineStarts === null) {
    lineStarts = [0];
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  }
  return lineStarts;
}
/** QuickJS counts columns in code points; the recording uses UTF-16 units like the host strings. */
function unitColumn(line, column) {
  const s = starts()[line - 1];
  if (s === undefined) return column;
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

function newRoot(name, callable) {
  return { name: name, callable: callable, log: [] };
}
function newChain(root) {
  seq += 1;
  const chain = { root: root.name, seq: seq, calls: [] };
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
function proxyFor(state) {
  const target = () => {};
  const proxy = new ProxyCtor(target, handler);
  byTarget.set(target, state);
  byProxy.set(proxy, state);
  return proxy;
}
function rootProxy(root) {
  return proxyFor({ root: root, chain: null, call: null });
}
function linkProxy(root, chain, call) {
  return proxyFor({ root: root, chain: chain, call: call });
}
function readOnly(target, key) {
  const what = typeof key === "string" ? "\x60" + key + "\x60" : "a property";
  throw forbidden("cannot change " + what + " of \x60" + describeState(byTarget.get(target)) + "\x60: alab DSL objects are read-only", "call the DSL methods instead of assigning to them");
}
const handler = freeze({
  get(target, key) {
    if (typeof key !== "string") return undefined;
    const state = byTarget.get(target);
    const loc = callerLoc();
    if (key === "then" && !explicitThen(loc)) return undefined;
    const chain = state.chain === null ? newChain(state.root) : state.chain;
    const call = { name: key, args: null, loc: loc };
    chain.calls.push(call);
    return linkProxy(state.root, chain, call);
  },
  apply(target, self, args) {
    const state = byTarget.get(target);
    let call = state.call;
    let chain = state.chain;
    if (chain === null) {
      if (!state.root.callable) throw new TypeErrorCtor("\x60" + state.root.name + "\x60 is not a function");
      chain = newChain(state.root);
      call = { name: state.root.name, args: null, loc: callerLoc() };
      chain.calls.push(call);
    } else if (call === null) {
      throw new TypeErrorCtor("\x60" + describeChain(chain) + "\x60 is not a function");
    } else if (call.args !== null) {
      call = { name: call.name, args: null, loc: callerLoc() };
      chain.calls.push(call);
    }
    call.args = snapArgs(args, call.loc);
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

function formatValue(v, depth) {
  if (typeof v === "string") return depth === 0 ? v : stringify(v);
  if (typeof v === "bigint") return StringCtor(v) + "n";
  if (typeof v === "symbol") return v.toString();
  if (v === null || typeof v !== "object" && typeof v !== "function") return StringCtor(v);
  const state = byProxy.get(v);
  if (state !== undefined) return "[alab " + describeState(state) + "]";
  if (typeof v === "function") return "[Function" + (v.name ? " " + v.name : "") + "]";
  if (v instanceof ErrorCtor) return StringCtor(v.name) + ": " + StringCtor(v.message);
  if (depth >= 3) return isArray(v) ? "[Array]" : "[Object]";
  if (isArray(v)) {
    const items = [];
    for (let i = 0; i < v.length && i < 100; i++) items.push(formatValue(v[i], depth + 1));
    return "[" + items.join(", ") + (v.length > 100 ? ", ..." : "") + "]";
  }
  const keys = objectKeys(v);
  const parts = [];
  for (let i = 0; i < keys.length && i < 100; i++) parts.push(keys[i] + ": " + formatValue(v[keys[i]], depth + 1));
  return "{ " + parts.join(", ") + " }";
}
function makeConsole(hostLog) {
  const out = {};
  const levels = ["log", "info", "warn", "error", "debug"];
  for (let i = 0; i < levels.length; i++) {
    defineProperty(out, levels[i], {
      enumerable: true,
      value: function () {
        const parts = [];
        for (let j = 0; j < arguments.length; j++) parts.push(formatValue(arguments[j], 0));
        const line = parts.join(" ");
        hostLog(line.length > LOG_LINE_MAX ? line.slice(0, LOG_LINE_MAX) + "..." : line);
      },
    });
  }
  return freeze(out);
}

let moduleObject = null;
function setup(k, f, s, hostLog) {
  kind = k;
  file = f;
  source = s;
  const g = globalThis;
  harden(g, forbidden);
  const define = (name, value) => defineProperty(g, name, { value: value, writable: false, enumerable: false, configurable: false });
  define("console", makeConsole(hostLog));
  if (kind === "schema") {
    define("table", rootProxy(newRoot("table", true)));
    define("col", rootProxy(newRoot("col", false)));
  } else if (kind === "migration") {
    define("migration", rootProxy(newRoot("migration", true)));
    moduleObject = { exports: {} };
    define("exports", moduleObject.exports);
    define("module", moduleObject);
  } else {
    throw new TypeErrorCtor("unknown file kind " + kind);
  }
  return freeze({ collect: collect, serialize: serialize, describe: describe });
}
`;
