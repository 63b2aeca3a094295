/**
 * In-sandbox source of the value handling (part of the prelude, see prelude.ts): snapshots of call
 * arguments and exports, invocation of functions found in them, the lazy serialization to the
 * protocol's JSON (the description of exceptions is in describe-source.ts).
 *
 * Arguments are snapshotted when the call happens (so errors point at the call and later mutation
 * of a user object does not change the recording), but chains inside them stay references until
 * serialize(), so calls chained later are still captured.
 *
 * Serializing counts what the recording holds, as literal-record.ts counts it (`Finisher`): a node
 * per value, chain and call, and the characters of strings, keys and call names. Past the file's
 * budget (budgets.ts) it stops with E_SANDBOX_RECORDING, before an exponential recording (a
 * returned chain is serialized twice) can grow.
 */
export const VALUES_SOURCE = String.raw`
const UNDEFINED = freeze({ $alab: "undefined" });
const NO_LOC = freeze({ line: 1, column: 1 });
const PARAM = freeze([]);
const AZUL_EXPORTS = freeze(["up", "down", "change"]);
const AZUL_PARAMS = freeze(["schema", "query"]);
// Arguments of a promise method called on an Azul query (.then(fn)): the callbacks get the
// query's result, which exists only when the migration runs (live.ts). They are recorded as
// functions without being called, so reading the file never runs them on a stand-in result.
const DEFERRED = freeze(["deferred"]);
const PROMISE_METHODS = freeze(["then", "catch", "finally"]);
const VALUE_HINT = "only plain objects, arrays, strings, finite numbers, booleans, null, undefined, functions and alab DSL values can be passed to alab";
let maxNodes = 0;
let maxChars = 0;
let nodes = 0;
let chars = 0;

function recorded(n, c) {
  nodes += n;
  chars += c;
  if (nodes > maxNodes || chars > maxChars) {
    fail("E_SANDBOX_RECORDING", "the file records more than " + maxNodes + " values and calls, or more than " + maxChars + " characters of strings and names: more than alab takes from one file", "look for a loop that records without end; if the file really is this large, split it or raise sandbox.memory_mb in alab.yaml", null);
  }
}

function dataProperty(o, k, v) {
  defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
}
function typeName(v) {
  const t = apply(toStringTag, v, []).slice(8, -1);
  return t === "Object" ? "an object with a custom prototype (a class instance?)" : "a " + t;
}
/** site: the call the values are passed to ({ name, loc }), or null for exports. */
/** deferred: the call is a promise method of an Azul query; its function arguments are not called. */
function snapArgs(args, site, deferred) {
  const out = [];
  for (let i = 0; i < args.length; i++) out.push(snap(args[i], site, [], deferred === true ? DEFERRED : PARAM));
  return out;
}
function snap(v, site, ancestors, names) {
  switch (typeof v) {
    case "undefined":
      return UNDEFINED;
    case "boolean":
    case "string":
      return v;
    case "number":
      if (!isFinite(v)) fail("E_SANDBOX_VALUE", "the number " + StringCtor(v) + " cannot be recorded: only finite numbers are allowed", VALUE_HINT, site);
      return v;
    case "bigint":
      fail("E_SANDBOX_VALUE", "the bigint " + StringCtor(v) + "n cannot be recorded: use a number or a string", VALUE_HINT, site);
    case "symbol":
      fail("E_SANDBOX_VALUE", "a symbol cannot be recorded", VALUE_HINT, site);
  }
  if (v === null) return null;
  const state = byProxy.get(v);
  if (state !== undefined) return { [TAG]: "chain", chain: state.chain === null ? newChain(state.root) : state.chain };
  if (typeof v === "function") {
    const handLoc = site === null ? null : site.loc;
    if (names === DEFERRED) return { [TAG]: "fn", fn: { params: [], returned: "undefined", value: undefined, loc: fnLoc(v, handLoc) } };
    return { [TAG]: "fn", fn: invoke(v, names, handLoc) };
  }
  if (ancestors.indexOf(v) >= 0) fail("E_SANDBOX_VALUE", "a value contains itself (a cycle) and cannot be recorded", "pass a tree of values: an object may not refer back to one of its parents", site);
  ancestors.push(v);
  let out;
  if (isArray(v)) {
    out = [];
    const n = v.length;
    for (let i = 0; i < n; i++) out.push(snap(v[i], site, ancestors, PARAM));
  } else {
    out = snapObject(v, site, ancestors, null);
  }
  ancestors.pop();
  return out;
}
function isPlainObject(v) {
  if (typeof v !== "object" || v === null || isArray(v) || byProxy.has(v)) return false;
  const proto = getPrototypeOf(v);
  return proto === UserObjectProto || proto === ObjectProto || proto === null;
}
/** azulKeys: functions directly under up/down/change get the Azul parameter names. */
function snapObject(v, site, ancestors, azulKeys) {
  if (!isPlainObject(v)) fail("E_SANDBOX_VALUE", typeName(v) + " cannot be recorded", VALUE_HINT, site);
  const out = create(null);
  const keys = ownKeys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k === "symbol") fail("E_SANDBOX_VALUE", "an object with a symbol key cannot be recorded", VALUE_HINT, site);
    if (k === "$alab") fail("E_SANDBOX_VALUE", "the key \x60$alab\x60 is reserved by alab", "rename the key", site);
    const d = getOwnPropertyDescriptor(v, k);
    if (d === undefined || !d.enumerable) continue;
    out[k] = snap(v[k], site, ancestors, azulKeys !== null && azulKeys.indexOf(k) >= 0 ? AZUL_PARAMS : PARAM);
  }
  return out;
}

function fnLoc(fn, handLoc) {
  let text;
  try {
    text = apply(functionToString, fn, []);
  } catch (e) {
    return handLoc;
  }
  if (typeof text !== "string" || text.length === 0) return handLoc;
  const hint = handLoc === null ? 0 : offsetOf(handLoc);
  const from = hint < 0 ? 0 : hint;
  let at = source.indexOf(text, from);
  if (at < 0) at = source.indexOf(text);
  return at < 0 ? handLoc : locOfOffset(at);
}
/** Calls a function found in an argument or an export with fresh roots, one per declared parameter. */
function invoke(fn, names, handLoc) {
  let n = fn.length;
  if (typeof n !== "number" || !(n >= 1)) n = 1;
  if (n > MAX_PARAMS) n = MAX_PARAMS;
  const proxies = [];
  const params = [];
  for (let i = 0; i < n; i++) {
    const root = newRoot(i < names.length ? names[i] : "param", false);
    proxies.push(rootProxy(root));
    params.push(root.log);
  }
  const record = { params: params, returned: "undefined", value: undefined, loc: fnLoc(fn, handLoc) };
  const result = apply(fn, undefined, proxies);
  if (result === undefined) return record;
  const state = byProxy.get(result);
  if (state !== undefined) {
    record.returned = "chain";
    record.value = { [TAG]: "chain", chain: state.chain === null ? newChain(state.root) : state.chain };
  } else if ((typeof result === "object" && result !== null) || typeof result === "function") {
    record.returned = typeof result.then === "function" ? "promise" : "value";
  } else {
    record.returned = "value";
  }
  return record;
}

let pending = UNDEFINED;
function collect(ns) {
  const esKeys = objectKeys(ns);
  if (kind === "schema") {
    if (esKeys.indexOf("default") < 0) fail("E_SANDBOX_NO_EXPORT", "the schema file has no default export", "end the file with \x60export default table({ ... })\x60", null);
    pending = snap(ns.default, null, [], PARAM);
    return;
  }
  const entries = [];
  for (let i = 0; i < esKeys.length; i++) entries.push([esKeys[i], ns[esKeys[i]]]);
  const cjs = moduleObject.exports;
  if (cjs === null || typeof cjs !== "object" || isArray(cjs)) fail("E_SANDBOX_VALUE", "module.exports must be an object", "assign functions to \x60exports.up\x60 / \x60exports.down\x60, or \x60module.exports = { up, down }\x60", null);
  const cjsKeys = objectKeys(cjs);
  for (let i = 0; i < cjsKeys.length; i++) {
    const k = cjsKeys[i];
    if (esKeys.indexOf(k) >= 0) fail("E_SANDBOX_DUPLICATE_EXPORT", "\x60" + k + "\x60 is exported twice, as an ES export and through CommonJS exports", "keep one of the two", null);
    entries.push([k, cjs[k]]);
  }
  if (entries.length === 0) fail("E_SANDBOX_NO_EXPORT", "the migration file exports nothing", "write \x60export default migration({ up(m) { ... }, down(m) { ... } })\x60 or \x60exports.up = function (schema) { ... }\x60", null);
  const out = create(null);
  for (let i = 0; i < entries.length; i++) {
    const k = entries[i][0];
    const v = entries[i][1];
    // export default { up(schema, query) { ... } } is the Azul form too.
    const value = k === "default" && isPlainObject(v) ? snapObject(v, null, [v], AZUL_EXPORTS) : snap(v, null, [], AZUL_EXPORTS.indexOf(k) >= 0 ? AZUL_PARAMS : PARAM);
    out[k] = value;
  }
  pending = out;
}

const active = [];
function ser(node, site) {
  recorded(1, typeof node === "string" ? node.length : 0);
  if (node === null || typeof node !== "object" || node === UNDEFINED) return node;
  const tag = node[TAG];
  if (tag === "chain") return { $alab: "chain", chain: serChain(node.chain, site) };
  if (tag === "fn") return { $alab: "fn", fn: serFn(node.fn) };
  if (isArray(node)) {
    const out = [];
    for (let i = 0; i < node.length; i++) out.push(ser(node[i], site));
    return out;
  }
  // Null prototype: any key, "__proto__" included, is a plain own property.
  const out = create(null);
  const keys = objectKeys(node);
  for (let i = 0; i < keys.length; i++) {
    recorded(0, keys[i].length);
    out[keys[i]] = ser(node[keys[i]], site);
  }
  return out;
}
function serChain(chain, site) {
  if (active.indexOf(chain) >= 0) fail("E_SANDBOX_VALUE", "\x60" + describeChain(chain) + "\x60 is passed into its own chain (a cycle)", "build the value first, then pass it: a chain cannot contain itself", site);
  recorded(1, 0);
  active.push(chain);
  const calls = [];
  for (let i = 0; i < chain.calls.length; i++) {
    const c = chain.calls[i];
    recorded(1, c.name.length);
    const callLoc = c.loc === null ? NO_LOC : c.loc;
    let args = null;
    if (c.args !== null) {
      args = [];
      for (let j = 0; j < c.args.length; j++) args.push(ser(c.args[j], c));
    }
    calls.push({ name: c.name, args: args, loc: callLoc });
  }
  active.pop();
  return { root: chain.root, seq: chain.seq, calls: calls };
}
function serFn(fn) {
  const params = [];
  const site = { name: null, loc: fn.loc };
  for (let i = 0; i < fn.params.length; i++) {
    const log = [];
    for (let j = 0; j < fn.params[i].length; j++) log.push(serChain(fn.params[i][j], site));
    params.push(log);
  }
  const loc = fn.loc === null ? NO_LOC : fn.loc;
  const out = { params: params, returned: fn.returned, loc: loc };
  if (fn.value !== undefined) out.value = ser(fn.value, site);
  return out;
}
function serialize() {
  if (fatal !== null) throw makeError(fatal.code, fatal.message, fatal.hint, { loc: fatal.loc, name: fatal.call }, UserTypeError);
  return stringify({ value: ser(pending, null) });
}
`;
