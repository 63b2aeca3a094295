/** What a manual-mode migration's `rows` hold: database values as JSON (see docs/azul.md). */
import { expect, test } from "bun:test";
import { jsonValue } from "../../../src/workflows/run/manual";

test.each([
  ["strings, numbers, booleans and null as they are", { s: "a", n: 1.5, b: true, z: null, u: undefined }, { s: "a", n: 1.5, b: true, z: null, u: null }],
  ["bigints: numbers when exact, strings beyond 2^53", [10n, 9007199254740993n, -9007199254740993n], [10, "9007199254740993", "-9007199254740993"]],
  ["dates as ISO-8601, invalid ones as null", [new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), new Date(Number.NaN)], ["2024-01-02T03:04:05.000Z", null]],
  ["binary as base64 (Buffer and Uint8Array)", [Buffer.from([1, 2]), new Uint8Array([255])], ["AQI=", "/w=="]],
  ["non-finite numbers as text, nested arrays and objects converted", { x: [Number.POSITIVE_INFINITY, [1n]], y: { d: new Date(0) } }, { x: ["Infinity", [1]], y: { d: "1970-01-01T00:00:00.000Z" } }],
])("%s", (_, value, json) => {
  expect(jsonValue(value)).toEqual(json);
});
