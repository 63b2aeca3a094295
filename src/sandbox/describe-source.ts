/**
 * In-sandbox source of what the host learns about values the file throws, rejects with or logs
 * (part of the prelude, see prelude.ts). A file can throw anything: a revoked proxy, a proxy whose
 * every trap throws, an Error whose `message` getter loops. So:
 *
 * - an Error is read without running the file's code: `Error.isError` is a brand check (a proxy
 *   is never one), its own data properties and its prototype are read without calling anything,
 *   and its name comes from the built-in prototypes each realm registered before any file code
 *   ran. The host classifies exceptions this way (`facts`, session.ts);
 * - other objects are formatted from their own data properties, getters are shown, not called;
 *   only a proxy's traps run, under the file's time limit, and whatever they throw ends the
 *   description ("cannot be described"), never the host;
 * - every text is bounded.
 */

/** Realm-wide part: the built-in error prototypes of each realm, and the facts of an Error. */
export const FACTS_SOURCE = String.raw`
const isError = ErrorCtor.isError;
if (typeof isError !== "function") throw new TypeErrorCtor("alab needs Error.isError in QuickJS");
const ERROR_NAMES = freeze(["Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "InternalError", "AggregateError"]);
/** Built-in error prototype -> its name, for every realm registered (keys go away with the realm). */
const errorNames = new WeakMapCtor();
const TEXT_MAX = 2000;
const STACK_MAX = 65536;

/** Called for a realm before any file code runs in it. */
function registerErrors(g) {
  for (let i = 0; i < ERROR_NAMES.length; i++) {
    const C = g[ERROR_NAMES[i]];
    if (typeof C === "function") errorNames.set(C.prototype, ERROR_NAMES[i]);
  }
}
registerErrors(globalThis);

function bounded(text, max) {
  return text.length > max ? text.slice(0, max) + "\u2026" : text;
}
/** An own data property that is a string, or null: reading it runs no code on an ordinary object. */
function ownString(o, key) {
  const d = getOwnPropertyDescriptor(o, key);
  return d !== undefined && "value" in d && typeof d.value === "string" ? d.value : null;
}
/**
 * { builtin, name, message, stack } of an Error, or null for anything else. builtin: the name of
 * its built-in prototype (null for a subclass); name: its own name, else builtin, else "Error".
 */
function errorFacts(e) {
  if (!isError(e)) return null;
  const builtin = errorNames.get(getPrototypeOf(e));
  const own = ownString(e, "name");
  const name = own !== null ? own : builtin !== undefined ? builtin : "Error";
  const message = ownString(e, "message");
  const stack = ownString(e, "stack");
  return {
    builtin: builtin === undefined ? null : builtin,
    name: bounded(name, 200),
    message: message === null ? "" : bounded(message, TEXT_MAX),
    stack: stack === null ? "" : bounded(stack, STACK_MAX),
  };
}
/** For the host (session.ts): the facts as JSON [builtin, message, stack], or undefined. */
function hostFacts(e) {
  const f = errorFacts(e);
  return f === null ? undefined : stringify([f.builtin, f.message, f.stack]);
}
`;

/** Per-file part: console formatting and describe(), which the host calls for an exception. */
export const DESCRIBE_SOURCE = String.raw`
const UNDESCRIBABLE = "the file threw a value that cannot be described";

/** Text of a value for console output and messages; may run a proxy's traps, never a getter. */
function formatValue(v, depth) {
  if (typeof v === "string") return depth === 0 ? bounded(v, LOG_LINE_MAX) : stringify(bounded(v, TEXT_MAX));
  if (typeof v === "bigint") return StringCtor(v) + "n";
  if (typeof v === "symbol") return bounded(v.toString(), TEXT_MAX);
  if (v === null || typeof v !== "object" && typeof v !== "function") return StringCtor(v);
  const state = byProxy.get(v);
  if (state !== undefined) return "[alab " + describeState(state) + "]";
  const facts = errorFacts(v);
  if (facts !== null) return facts.name + ": " + facts.message;
  if (typeof v === "function") {
    const name = ownString(v, "name");
    return "[Function" + (name ? " " + bounded(name, 200) : "") + "]";
  }
  if (depth >= 3) return isArray(v) ? "[Array]" : "[Object]";
  if (isArray(v)) {
    const items = [];
    const n = getOwnPropertyDescriptor(v, "length").value;
    for (let i = 0; i < n && i < 100; i++) items.push(formatProperty(v, StringCtor(i), depth));
    return "[" + items.join(", ") + (n > 100 ? ", ..." : "") + "]";
  }
  const keys = objectKeys(v);
  const parts = [];
  for (let i = 0; i < keys.length && i < 100; i++) parts.push(bounded(keys[i], 200) + ": " + formatProperty(v, keys[i], depth));
  return "{ " + parts.join(", ") + (keys.length > 100 ? ", ..." : "") + " }";
}
function formatProperty(o, key, depth) {
  const d = getOwnPropertyDescriptor(o, key);
  if (d === undefined) return "<empty>";
  if (!("value" in d)) return d.set === undefined ? "[Getter]" : "[Getter/Setter]";
  return formatValue(d.value, depth + 1);
}
function makeConsole(hostLog) {
  const out = {};
  const levels = ["log", "info", "warn", "error", "debug"];
  for (let i = 0; i < levels.length; i++) {
    defineProperty(out, levels[i], {
      enumerable: true,
      value: freeze(function () {
        const parts = [];
        for (let j = 0; j < arguments.length; j++) {
          try {
            parts.push(formatValue(arguments[j], 0));
          } catch (e) {
            parts.push("[a value that cannot be printed]");
          }
        }
        const line = parts.join(" ");
        hostLog(line.length > LOG_LINE_MAX ? line.slice(0, LOG_LINE_MAX) + "..." : line);
      }),
    });
  }
  return freeze(out);
}

/** JSON { code?, hint?, name, message, loc, call?, compile? } for an exception (see prelude.ts). */
function describe(e) {
  if (fatal !== null) return stringify(fatal);
  try {
    return stringify(describeThrown(e));
  } catch (err) {
    return stringify({ name: "", message: UNDESCRIBABLE, loc: null });
  }
}
function describeThrown(e) {
  const m = marked.get(e);
  if (m !== undefined) {
    const stack = ownString(e, "stack");
    return { code: m.code, message: m.message, hint: m.hint, loc: m.loc === null ? locFromStack(stack) : m.loc, call: m.call };
  }
  const facts = errorFacts(e);
  if (facts !== null) {
    // A parse error has only a bare "at file:line:col" frame; a SyntaxError thrown at run time
    // (JSON.parse, new RegExp) has function frames.
    const compile = facts.builtin === "SyntaxError" && facts.stack.split("\n")[0].indexOf("(") < 0;
    return { name: facts.name, message: facts.message, loc: locFromStack(facts.stack), compile: compile };
  }
  return { name: "", message: "a non-Error value was thrown: " + bounded(formatValue(e, 1), TEXT_MAX), loc: null };
}
`;
