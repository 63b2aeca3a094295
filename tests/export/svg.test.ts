/**
 * The SVG diagram: well-formed XML that names every table and column and draws one line per
 * foreign key with its cardinality ends; and, where a browser is installed, a real headless
 * Chromium renders it into a picture that is not blank.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { relationsOf } from "../../src/export/relations";
import { exportSvg, xml } from "../../src/export/svg";
import type { Schema } from "../../src/model/types";
import { tempDir } from "../support/binary";
import { decodePng } from "../support/png";
import { parseXml } from "../support/xml";
import { col, fk, schema, seedSchema, table } from "../diff/fixtures";
import { generatedSchema, richSchema } from "./fixtures";

function texts(svg: string): string[] {
  return parseXml(svg).filter((e) => e.name === "text").map((e) => e.text);
}

describe("svg", () => {
  const cases: [string, Schema][] = [
    ["the seed's schema", seedSchema()],
    ["every column kind, a self-reference and a cycle", richSchema()],
    ["50 generated tables", generatedSchema(50)],
  ];
  for (const [name, s] of cases) {
    test(`${name}: parses, names every table and column, one line per relation`, () => {
      const svg = exportSvg(s);
      const els = parseXml(svg);
      expect(els[0]?.name).toBe("svg");
      const shown = new Set(texts(svg));
      for (const t of Object.values(s.tables)) {
        expect(shown.has(t.sqlName)).toBe(true);
        for (const c of t.columns) expect(shown.has(c.name)).toBe(true);
      }
      expect(els.filter((e) => e.name === "g" && e.attributes.class === "rel")).toHaveLength(relationsOf(s).length);
      expect(els.filter((e) => e.name === "g" && e.attributes.class?.startsWith("table"))).toHaveLength(Object.keys(s.tables).length);
    });
  }

  test("the junction of many_to_many is drawn as one", () => {
    const junctions = parseXml(exportSvg(seedSchema())).filter((e) => e.attributes.class === "table junction");
    expect(junctions).toHaveLength(1);
  });

  test("a self-reference: one at the referenced key's row, many at the referencing column's row", () => {
    const s = schema(table("org.unit", [col("id", { kind: "uuid" }), col("name", { kind: "text" }), col("parent_id", { kind: "uuid" })], { foreignKeys: [fk("org.unit", "parent_id", "org.unit")] }));
    const rel = parseXml(exportSvg(s)).filter((e) => e.name === "path" && e.parent?.attributes.class === "rel").map((e) => e.attributes.d ?? "");
    const [line, ...marks] = rel;
    const m = /^M([\d.]+),([\d.]+)h24V([\d.]+)h-24$/.exec(line ?? "");
    expect(m).not.toBeNull();
    const [keyRow, columnRow] = [Number(m![2]), Number(m![3])];
    expect(columnRow).toBeGreaterThan(keyRow); // parent_id is two rows below id
    const many = marks.find((d) => /L/.test(d));
    const one = marks.find((d) => /v12M.*v12$/.test(d));
    expect(many).toContain(`,${columnRow}L`);
    expect(one).toContain(`,${keyRow - 6}v12`);
  });

  test("no tables: still a picture, saying so", () => {
    expect(texts(exportSvg({ tables: {} }))).toEqual(["no tables"]);
  });

  test("byte-identical for the same schema", () => {
    expect(exportSvg(generatedSchema(30))).toBe(exportSvg(generatedSchema(30)));
  });

  test("text is escaped for XML, characters XML cannot hold are replaced", () => {
    expect(xml(`a<b>&"c"`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;");
    expect(xml("x\u0001y\ud800z\ud83d\ude00")).toBe("x\ufffdy\ufffdz\ud83d\ude00");
    expect(parseXml(`<svg><text>${xml("<script>&amp;")}</text></svg>`)[1]?.text).toBe("<script>&amp;");
  });
});

const browser = Bun.which("chromium") ?? Bun.which("chromium-browser") ?? Bun.which("google-chrome");

test.skipIf(browser === null)("a headless browser renders the 50-table diagram into a picture that is not blank", async () => {
  const { dir, cleanup } = await tempDir("alab-svg-");
  try {
    await Bun.write(join(dir, "erd.svg"), exportSvg(generatedSchema(50)));
    const shot = join(dir, "shot.png");
    const run = Bun.spawnSync([browser!, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,900", `--screenshot=${shot}`, `file://${join(dir, "erd.svg")}`], { timeout: 90_000, stderr: "pipe" });
    expect(run.exitCode).toBe(0);
    const image = decodePng(new Uint8Array(await Bun.file(shot).arrayBuffer()));
    expect([image.width, image.height]).toEqual([1200, 900]);
    const colours = new Map<number, number>();
    for (let i = 0; i < image.pixels.length; i += 4) {
      const key = (image.pixels[i]! << 16) | (image.pixels[i + 1]! << 8) | image.pixels[i + 2]!;
      colours.set(key, (colours.get(key) ?? 0) + 1);
    }
    const [, most] = [...colours].sort((a, b) => b[1] - a[1])[0]!;
    const drawn = 1 - most / (image.width * image.height);
    // Boxes, headers, text and lines: many colours, and a good share of the picture is not background.
    expect(colours.size).toBeGreaterThan(50);
    expect(drawn).toBeGreaterThan(0.1);
  } finally {
    await cleanup();
  }
}, 120_000);

if (browser === null) test("headless browser check", () => console.log("notice: no chromium installed here: the SVG was not rendered in a browser (apt-get install chromium)"));
