import { describe, expect, test } from "bun:test";
import { countJunit, countOutsideErrors, summaryLine } from "../../scripts/test";

const REPORT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="bun test" tests="4">
  <testsuite name="tests/a.test.ts" file="tests/a.test.ts">
    <testsuite name="migrate on mysql" file="tests/a.test.ts">
      <testcase name="applies &lt;both&gt; &amp;amp; records" classname="migrate on mysql" time="0.1" />
      <testcase name="a held lock &quot;waits&quot;" classname="migrate on mysql" time="0.5">
        <failure type="AssertionError" />
      </testcase>
      <testcase name="later" classname="migrate on mysql" time="0">
        <skipped />
      </testcase>
      <testcase name="errors" classname="x" time="0"><error message="boom" /></testcase>
    </testsuite>
  </testsuite>
</testsuites>`;

describe("the test runner's report reading", () => {
  test("counts by outcome and names each failed test with its describe block, unescaped", () => {
    expect(countJunit(REPORT)).toEqual({
      passed: 1,
      failed: 2,
      skipped: 1,
      failedNames: ['migrate on mysql > a held lock "waits"', "x > errors"],
    });
  });

  test("an empty or missing report counts nothing", () => {
    expect(countJunit("")).toEqual({ passed: 0, failed: 0, skipped: 0, failedNames: [] });
  });

  test.each([
    ["\n 3 pass\n 0 fail\n 2 errors\n", 2],
    ["\n 1 error\n", 1],
    ["\n 3 pass\n 0 fail\n", 0],
  ])("errors outside any test are read from bun's summary: %j", (out, n) => {
    expect(countOutsideErrors(out)).toBe(n);
  });

  test.each([
    [{ passed: 5, failed: 1, skipped: 0 }, "5 passed, 1 failed"],
    [{ passed: 5, failed: 0, skipped: 2 }, "5 passed, 0 failed, 2 skipped"],
  ])("the final line CI counts: %j", (c, line) => {
    expect(summaryLine(c)).toBe(line);
  });
});
