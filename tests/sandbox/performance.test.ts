/**
 * 500 small schema files must evaluate well under a second. Measured in CPU time of this process
 * (other jobs on a shared machine inflate wall time), after a short warm-up for the JIT.
 */
import { expect, test } from "bun:test";
import { createSandbox } from "../../src/sandbox/index";

function schema(i: number): { path: string; source: string } {
  return {
    path: `schemas/ns${i % 7}/t${i}.js`,
    source: `// table ${i}
export default table({
  id: col.id(),
  author: col.belongs_to("auth.user"),
  title: col.title(),
  slug: col.slug(),
  body: col.text(),
  status: col.enum(["draft", "published", "archived"]).default("draft"),
  published_at: col.datetime().optional(),
  views: col.integer().default(${i}),
  rating: col.rating().optional(),
})
  .timestamps()
  .soft_delete()
  .many_to_many("blog.tag");
`,
  };
}

test("500 schema files of 15 lines evaluate in well under a second", async () => {
  const sb = await createSandbox();
  const files = Array.from({ length: 500 }, (_, i) => schema(i));
  sb.evaluateAll(files.slice(0, 50), "schema");
  // Best of three passes: other jobs on a shared machine inflate even CPU time.
  const passes: { cpu: number; wall: number }[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const out = sb.evaluateAll(files, "schema");
    const cpu = process.cpuUsage(cpu0);
    passes.push({ cpu: (cpu.user + cpu.system) / 1000, wall: performance.now() - wall0 });
    expect(out.length).toBe(500);
  }
  const best = passes.reduce((a, b) => (b.cpu < a.cpu ? b : a));
  console.log(`500 files: ${best.cpu.toFixed(0)} ms CPU, ${best.wall.toFixed(0)} ms wall (${(best.wall / 500).toFixed(2)} ms per file)`);
  expect(best.cpu).toBeLessThan(1000);
  sb.dispose();
}, 60_000);
