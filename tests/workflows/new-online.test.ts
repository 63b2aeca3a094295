/**
 * `alab new --online` end to end: the generated file uses the online forms for changes to an
 * existing table (and only there), reads back, and runs on every dialect — on PostgreSQL outside
 * a transaction — leaving exactly the schema the snapshot records.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { resolveConfig } from "../../src/config";
import type { Dialect } from "../../src/sql/dialect";
import { migrate } from "../../src/workflows/migrate";
import { generate } from "../../src/workflows/new";
import { readSnapshot } from "../../src/workflows/project/snapshot-file";
import { MIGRATE_DEFAULTS, recorder } from "../db/fixtures";
import { availableDialects, withTestDatabase } from "../support/db";
import { expectNoDrift } from "../support/drift";
import { project, type Project } from "./project";

setDefaultTimeout(60_000);
const dialects = await availableDialects();

const PRODUCT = `export default table({
  id: col.id(),
  name: col.string(100),
  price: col.integer(),
});
`;
const PRODUCT_CHANGED = `export default table({
  id: col.id(),
  name: col.string(100),
  price: col.integer(),
  sku: col.string(20).optional().index(),
}).check("chk_product_price", "price >= 0");
`;
const LINE = `export default table({
  id: col.id(),
  product: col.belongs_to("shop.product"),
  quantity: col.integer().index(),
});
`;

let open: Project | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

async function twoMigrations(online: boolean): Promise<{ p: Project; text: string }> {
  const p = await project({ demo: false });
  open = p;
  await p.write("schemas/shop/product.js", PRODUCT);
  await generate(p.config, { name: "start" });
  await p.write("schemas/shop/product.js", PRODUCT_CHANGED);
  await p.write("schemas/shop/line.js", LINE);
  const r = await generate(p.config, { name: "sku", online });
  if (r.kind !== "written") throw new Error("expected a migration");
  return { p, text: await p.read("migrations/002_sku.js") };
}

describe("alab new --online", () => {
  test("changes to the existing table take the online forms; the new table keeps the plain ones", async () => {
    const { text } = await twoMigrations(true);
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain(`m.create_index("shop.product", ["sku"], { name: "idx_shop_product_sku", concurrently: true, });`);
    expect(flat).toContain(`m.add_check("shop.product", "chk_product_price", "price >= 0", { online: true });`);
    expect(flat).toContain(`m.create_index("shop.line", ["quantity"], { name: "idx_shop_line_quantity", });`);
    expect(text).toContain(`m.drop_index("idx_shop_product_sku", { concurrently: true });`);
  });

  test("without --online the same change is written in the plain forms", async () => {
    const { text } = await twoMigrations(false);
    expect(text).not.toContain("concurrently");
    expect(text).not.toContain("online");
  });

  test.each(dialects)("the online migration runs on %s and builds exactly the snapshot", async (dialect: Dialect) => {
    const { p } = await twoMigrations(true);
    await withTestDatabase(dialect, async (url, driver) => {
      const config = resolveConfig({ flags: { url }, env: {}, cwd: p.dir });
      const events = recorder();
      const r = await migrate(config, MIGRATE_DEFAULTS, events.on);
      expect(r.applied.map((a) => a.revision)).toEqual(["001", "002"]);
      const notes = events.events.flatMap((e) => (e.kind === "note" ? [e.message] : []));
      expect(notes.some((n) => n.startsWith("runs outside a transaction"))).toBe(dialect === "postgres");
      await expectNoDrift(driver, (await readSnapshot(config))!.schema);
      const dry = await migrate(config, { ...MIGRATE_DEFAULTS, dry: true }, () => undefined);
      expect(dry.script).toBeUndefined();
    });
  });
});
