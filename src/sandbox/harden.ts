/**
 * In-sandbox hardening (part of the prelude, see prelude.ts). Two realms are involved:
 *
 * - the recorder realm, one context per runtime that holds the prelude's code. It is hardened once
 *   (`hardenRealm`): every built-in is deep-frozen, so nothing a file does can change the code or
 *   the objects the recorders use, and state never carries over between files;
 * - the user realm, a fresh context per file. `hardenUser` removes what would make the file
 *   nondeterministic or able to compile code at run time. Its built-ins are not frozen: a file may
 *   pollute its own realm, which nobody else uses (freezing it measured ~3 ms per file).
 *
 * Written as plain JavaScript because it runs inside QuickJS, not in Bun.
 */
export const HARDEN_SOURCE = String.raw`
/** Replaces the four function constructors reachable from realm g by stand-ins that refuse. */
function neuterCompilers(g, samples, forbidden) {
  const names = ["Function", "AsyncFunction", "GeneratorFunction", "AsyncGeneratorFunction"];
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const proto = getPrototypeOf(samples[i]);
    const standIn = function () {
      throw forbidden(name + " constructors are not available in alab files", "write the code directly in the file instead of compiling strings");
    };
    defineProperty(standIn, "name", { value: name });
    defineProperty(standIn, "prototype", { value: proto, writable: false });
    freeze(standIn);
    defineProperty(proto, "constructor", { value: standIn, writable: false, configurable: false });
    if (name === "Function") defineProperty(g, "Function", { value: standIn, writable: false, configurable: false });
  }
}

function removeAmbient(g, forbidden) {
  delete g.Date;
  delete g.eval;
  delete g.WeakRef;
  delete g.FinalizationRegistry;
  const random = function random() {
    throw forbidden("Math.random() is not available in alab files", "alab files must give the same result every time they are evaluated");
  };
  freeze(random);
  defineProperty(g.Math, "random", { value: random, writable: false, configurable: false });
}

function hardenUser(g, samples, forbidden) {
  removeAmbient(g, forbidden);
  neuterCompilers(g, samples, forbidden);
}

function hardenRealm(g, forbidden) {
  removeAmbient(g, forbidden);
  neuterCompilers(g, [function () {}, async function () {}, function* () {}, async function* () {}], forbidden);
  const hidden = [
    getPrototypeOf(function* () {}),
    getPrototypeOf(async function () {}),
    getPrototypeOf(async function* () {}),
    getPrototypeOf([][Symbol.iterator]()),
    getPrototypeOf(""[Symbol.iterator]()),
    getPrototypeOf(new Map()[Symbol.iterator]()),
    getPrototypeOf(new Set()[Symbol.iterator]()),
    getPrototypeOf(/x/[Symbol.matchAll]("")),
  ];
  const todo = [];
  const keys = ownKeys(g);
  for (let i = 0; i < keys.length; i++) {
    const d = getOwnPropertyDescriptor(g, keys[i]);
    if (d !== undefined && "value" in d) todo.push(d.value);
  }
  for (let i = 0; i < hidden.length; i++) todo.push(hidden[i]);
  // Iterative deep freeze: own properties (accessors included) and prototypes.
  const seen = new WeakSetCtor();
  while (todo.length > 0) {
    const o = todo.pop();
    if ((typeof o !== "object" && typeof o !== "function") || o === null || o === g || seen.has(o)) continue;
    seen.add(o);
    freeze(o);
    todo.push(getPrototypeOf(o));
    const own = ownKeys(o);
    for (let i = 0; i < own.length; i++) {
      const d = getOwnPropertyDescriptor(o, own[i]);
      if (d === undefined) continue;
      if ("value" in d) todo.push(d.value);
      else {
        todo.push(d.get);
        todo.push(d.set);
      }
    }
  }
  freeze(g);
}
`;
