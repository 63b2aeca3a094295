/** Planning a rebase: which file gets which number, and what each file's references become. Pure. */
import { describe, expect, test } from "bun:test";
import { type PlanFile, planFilesOf, planRebase, rewrittenTexts } from "../../../src/workflows/project/rebase-plan";
import { readRevisionRefs } from "../../../src/workflows/project/revision-refs";

const files = (...names: string[]): PlanFile[] => planFilesOf(names);

/** "from -> to" for each move, and the final order. */
function plan(all: string[], stays: string[], newest: bigint | "stays" = "stays") {
  const fs = files(...all);
  const staying = new Set(stays);
  const n = newest === "stays" ? (fs.filter((f) => staying.has(f.file)).at(-1)?.order ?? 0n) : newest;
  const p = planRebase(fs, staying, n);
  return { moves: p.moves.map((m) => `${m.from} -> ${m.to}`), order: p.order.map((o) => o.file) };
}

describe("planRebase", () => {
  const cases: { name: string; all: string[]; stays: string[]; newest?: bigint; moves: string[]; order: string[] }[] = [
    {
      name: "two branches each added 005: this branch's goes after the merged one",
      all: ["004_a.js", "005_add_bio.js", "005_add_tags.js"],
      stays: ["004_a.js", "005_add_tags.js"],
      moves: ["005_add_bio.js -> 006_add_bio.js"],
      order: ["004_a.js", "005_add_tags.js", "006_add_bio.js"],
    },
    {
      name: "several of this branch's, in their order",
      all: ["001_a.js", "002_x.js", "003_y.js", "002_b.js", "003_c.js"],
      stays: ["001_a.js", "002_b.js", "003_c.js"],
      moves: ["002_x.js -> 004_x.js", "003_y.js -> 005_y.js"],
      order: ["001_a.js", "002_b.js", "003_c.js", "004_x.js", "005_y.js"],
    },
    {
      name: "already after REF's newest, no clash: nothing moves",
      all: ["001_a.js", "002_b.js", "003_x.js", "009_y.js"],
      stays: ["001_a.js", "002_b.js"],
      moves: [],
      order: ["001_a.js", "002_b.js", "003_x.js", "009_y.js"],
    },
    {
      name: "a file after the newest keeps its name when the ones before it move past nothing",
      all: ["001_a.js", "002_x.js", "002_b.js", "009_y.js"],
      stays: ["001_a.js", "002_b.js"],
      moves: ["002_x.js -> 003_x.js"],
      order: ["001_a.js", "002_b.js", "003_x.js", "009_y.js"],
    },
    {
      name: "a file the moved one lands on moves on too",
      all: ["001_a.js", "002_x.js", "003_y.js", "002_b.js"],
      stays: ["001_a.js", "002_b.js"],
      moves: ["002_x.js -> 003_x.js", "003_y.js -> 004_y.js"],
      order: ["001_a.js", "002_b.js", "003_x.js", "004_y.js"],
    },
    {
      name: "the width convention: 1000 after 999",
      all: ["998_a.js", "999_b.js", "999_x.js"],
      stays: ["998_a.js", "999_b.js"],
      moves: ["999_x.js -> 1000_x.js"],
      order: ["998_a.js", "999_b.js", "1000_x.js"],
    },
    {
      name: "at least three digits: 7 becomes 008",
      all: ["7_x.js", "007_b.js"],
      stays: ["007_b.js"],
      moves: ["7_x.js -> 008_x.js"],
      order: ["007_b.js", "008_x.js"],
    },
    {
      name: "a timestamp file after REF's newest is left alone",
      all: ["002_b.js", "002_x.js", "20250301120000_hand.js"],
      stays: ["002_b.js"],
      moves: ["002_x.js -> 003_x.js"],
      order: ["002_b.js", "003_x.js", "20250301120000_hand.js"],
    },
    {
      name: "a timestamp file that clashes with REF's is moved to the next timestamp-sized number",
      all: ["20250301120000_b.js", "20250301120000_x.js"],
      stays: ["20250301120000_b.js"],
      moves: ["20250301120000_x.js -> 20250301120001_x.js"],
      order: ["20250301120000_b.js", "20250301120001_x.js"],
    },
    {
      name: "after a timestamp newest, a numbered file gets a timestamp-sized number",
      all: ["001_a.js", "20250301120000_b.js", "002_x.js"],
      stays: ["001_a.js", "20250301120000_b.js"],
      moves: ["002_x.js -> 20250301120001_x.js"],
      order: ["001_a.js", "20250301120000_b.js", "20250301120001_x.js"],
    },
    {
      name: "REF's newest may be a file the working tree does not have",
      all: ["001_a.js", "004_x.js"],
      stays: ["001_a.js"],
      newest: 5n,
      moves: ["004_x.js -> 006_x.js"],
      order: ["001_a.js", "006_x.js"],
    },
    {
      name: "nothing stays (no REF migrations): only clashes among this branch's move",
      all: ["001_a.js", "001_b.js"],
      stays: [],
      moves: ["001_b.js -> 002_b.js"],
      order: ["001_a.js", "002_b.js"],
    },
    {
      name: "a .ts file keeps its extension",
      all: ["002_b.js", "002_x.ts"],
      stays: ["002_b.js"],
      moves: ["002_x.ts -> 003_x.ts"],
      order: ["002_b.js", "003_x.ts"],
    },
  ];
  test.each(cases)("$name", ({ all, stays, newest, moves, order }) => {
    expect(plan(all, stays, newest)).toEqual({ moves, order });
  });

  test("same input, same plan (order of the input does not matter)", () => {
    const a = plan(["002_x.js", "001_a.js", "002_b.js", "003_y.js"], ["001_a.js", "002_b.js"]);
    const b = plan(["003_y.js", "002_b.js", "002_x.js", "001_a.js"], ["002_b.js", "001_a.js"]);
    expect(a).toEqual(b);
  });

  test("planFilesOf ignores what is not a migration name", () => {
    expect(planFilesOf(["alab.snapshot.json", "README.md", "002_b.js", "index.d.ts", "001_a.ts", ".keep"]).map((f) => f.file)).toEqual(["001_a.ts", "002_b.js"]);
  });
});

describe("rewrittenTexts", () => {
  const astrola = (up: string, down: string | null) => `export default migration({\n  up_revision: "${up}",\n  down_revision: ${down === null ? "null" : `"${down}"`},\n  up(m) {},\n});\n`;

  test("a moved file gets its new number and its new predecessor's; REF's files are never touched", () => {
    const fs = files("001_a.js", "002_x.js", "003_y.js", "002_b.js");
    const sources = new Map([
      ["001_a.js", astrola("001", null)],
      ["002_b.js", astrola("002", "001")],
      ["002_x.js", astrola("002", "001")],
      ["003_y.js", astrola("003", "002")],
    ]);
    const stays = new Set(["001_a.js", "002_b.js"]);
    const p = planRebase(fs, stays, 2n);
    const texts = rewrittenTexts(fs, stays, p, sources);
    expect([...texts.keys()].sort()).toEqual(["002_x.js", "003_y.js"]);
    expect(readRevisionRefs(texts.get("002_x.js") ?? "")).toEqual({ up: "003", down: "002" });
    expect(readRevisionRefs(texts.get("003_y.js") ?? "")).toEqual({ up: "004", down: "003" });
  });

  test("a file that keeps its number but follows a moved one gets its new predecessor", () => {
    const fs = files("001_a.js", "002_x.js", "009_y.js", "002_b.js");
    const sources = new Map([
      ["002_x.js", astrola("002", "001")],
      ["009_y.js", astrola("009", "002")],
    ]);
    const stays = new Set(["001_a.js", "002_b.js"]);
    const p = planRebase(fs, stays, 2n);
    const texts = rewrittenTexts(fs, stays, p, sources);
    expect(readRevisionRefs(texts.get("009_y.js") ?? "")).toEqual({ up: "009", down: "003" });
  });

  test("files without references and files whose place did not change are left alone", () => {
    const fs = files("001_a.js", "002_b.js", "003_x.js", "004_y.js");
    const sources = new Map([
      ["003_x.js", astrola("003", "002")],
      ["004_y.js", "export default migration({ up(m) {} });\n"],
    ]);
    const stays = new Set(["001_a.js", "002_b.js"]);
    expect(rewrittenTexts(fs, stays, planRebase(fs, stays, 2n), sources).size).toBe(0);
  });
});
