/**
 * In-sandbox hardening, run in every fresh context before the recorders are installed and before
 * any user code. It removes what would make a file nondeterministic or able to compile code at run
 * time, and freezes the built-ins so a file cannot tamper with the objects the recorder prelude
 * relies on (prototype pollution of its own context; other files get fresh contexts anyway).
 *
 * The text is a function expression `(g, forbidden) => void`; the prelude embeds and calls it.
 * Written as plain JavaScript because it runs inside QuickJS, not in Bun.
 */
export const HARDEN_SOURCE = String.raw`function harden(g, forbidden) {
  "use strict";
  const defineProperty = Object.defineProperty;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const getPrototypeOf = Object.getPrototypeOf;
  const freeze = Object.freeze;
  const ownKeys = Reflect.ownKeys;

  // Nondeterminism and ambient authority. QuickJS core has no timers, fs, process or fetch; the
  // context is created without the Date intrinsic, the deletes below are belt and braces.
  delete g.Date;
  delete g.eval;
  delete g.WeakRef;
  delete g.FinalizationRegistry;
  defineProperty(Math, "random", {
    value: function random() {
      throw forbidden("Math.random() is not available in alab files", "alab files must give the same result every time they are evaluated");
    },
  });

  // Every way to reach a code-compiling constructor goes through a ".constructor" of one of the
  // four function prototypes, or the global Function: replace them with stand-ins that refuse.
  const compilers = [
    ["Function", function () {}],
    ["AsyncFunction", async function () {}],
    ["GeneratorFunction", function* () {}],
    ["AsyncGeneratorFunction", async function* () {}],
  ];
  for (let i = 0; i < compilers.length; i++) {
    const name = compilers[i][0];
    const proto = getPrototypeOf(compilers[i][1]);
    const standIn = function () {
      throw forbidden(name + " constructors are not available in alab files", "write the code directly in the file instead of compiling strings");
    };
    defineProperty(standIn, "name", { value: name });
    defineProperty(standIn, "prototype", { value: proto, writable: false });
    defineProperty(proto, "constructor", { value: standIn, writable: false, configurable: false });
    if (name === "Function") defineProperty(g, "Function", { value: standIn, writable: false, configurable: false });
  }

  // Freezing turns inherited data properties read-only, and assigning a same-named property on an
  // instance then throws (e.g. "this.name = ..." in an Error subclass). For the names people do
  // assign, an accessor keeps instance assignment working while the prototype stays frozen.
  const overridable = ["constructor", "name", "message", "toString", "valueOf", "toLocaleString"];
  function allowOverride(proto) {
    for (let i = 0; i < overridable.length; i++) {
      const key = overridable[i];
      const d = getOwnPropertyDescriptor(proto, key);
      if (d === undefined || !("value" in d) || !d.configurable) continue;
      const value = d.value;
      defineProperty(proto, key, {
        get() { return value; },
        set(v) {
          if (this === proto) throw new TypeError("cannot assign " + key + " on a built-in prototype in an alab file");
          defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
        },
        enumerable: d.enumerable,
        configurable: false,
      });
    }
  }

  const hidden = [
    getPrototypeOf(function* () {}),
    getPrototypeOf(async function () {}),
    getPrototypeOf(async function* () {}),
    getPrototypeOf([][Symbol.iterator]()),
    getPrototypeOf(""[Symbol.iterator]()),
    getPrototypeOf(new Map()[Symbol.iterator]()),
    getPrototypeOf(new Set()[Symbol.iterator]()),
    getPrototypeOf(/x/[Symbol.matchAll]("")),
    getPrototypeOf(Int8Array),
  ];
  const names = ownKeys(g);
  const roots = [];
  for (let i = 0; i < names.length; i++) {
    const d = getOwnPropertyDescriptor(g, names[i]);
    if (d !== undefined && "value" in d) roots.push(d.value);
  }
  for (let i = 0; i < hidden.length; i++) roots.push(hidden[i]);
  for (let i = 0; i < roots.length; i++) {
    const c = roots[i];
    if (typeof c === "function" && c.prototype !== null && typeof c.prototype === "object") allowOverride(c.prototype);
  }
  allowOverride(Object.prototype);
  allowOverride(Function.prototype);

  // Deep freeze of everything reachable from the built-ins: own properties (accessors included)
  // and prototypes. Iterative, so a long prototype chain cannot exhaust the stack.
  const seen = new WeakSet();
  const todo = roots;
  while (todo.length > 0) {
    const o = todo.pop();
    if ((typeof o !== "object" && typeof o !== "function") || o === null || o === g || seen.has(o)) continue;
    seen.add(o);
    freeze(o);
    todo.push(getPrototypeOf(o));
    const keys = ownKeys(o);
    for (let i = 0; i < keys.length; i++) {
      const d = getOwnPropertyDescriptor(o, keys[i]);
      if (d === undefined) continue;
      if ("value" in d) todo.push(d.value);
      else {
        todo.push(d.get);
        todo.push(d.set);
      }
    }
  }
}`;
