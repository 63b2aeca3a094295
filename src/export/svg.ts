/**
 * `alab export svg` / `alab erd`: the ER diagram as a standalone SVG — tables as boxes (name, then
 * one row per column with its key marker and type; nullable types end in `?`), relations as lines
 * from the foreign-key column to the referenced column with crow's-foot ends (the referenced side:
 * one, or zero-or-one when the key is nullable; the referencing side: zero-or-many, or zero-or-one
 * for a unique key). Laid out by ./layout.ts. Text is measured as a monospace font's advance, so
 * the boxes fit their text without a browser.
 */
import type { Schema, Table } from "../model/types";
import type { Dialect } from "../sql/dialect";
import { keyMarkers, typeLabel } from "./labels";
import { type EdgeRoute, layout, type Point } from "./layout";
import { type Relation, isJunction, relationsOf, tablesInOrder } from "./relations";

export interface SvgOptions {
  readonly dialect?: Dialect;
}

const CHAR = 7.3; // advance of a 12px monospace character
const ROW = 18;
const HEADER = 26;
const PAD = 10;
const MARK = 26; // room for PK/FK/UK

/** XML text: escaped, and characters XML 1.0 cannot hold replaced. */
export function xml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "\ufffd")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const n = (x: number): string => String(Math.round(x * 10) / 10);
const width = (s: string): number => [...s].length * CHAR;

interface Box {
  readonly table: Table;
  readonly rows: { name: string; type: string; marks: string }[];
  readonly width: number;
  readonly height: number;
}

function boxOf(table: Table, dialect: Dialect | undefined): Box {
  const rows = table.columns.map((c) => ({ name: c.name, type: `${typeLabel(c, dialect)}${c.nullable ? "?" : ""}`, marks: keyMarkers(table, c).join(",") }));
  const longestRow = Math.max(0, ...rows.map((r) => width(r.name) + width(r.type) + 2 * CHAR + (r.marks.length > 2 ? width(r.marks) - 2 * CHAR : 0)));
  const w = Math.ceil(Math.max(width(table.sqlName) * 1.1, MARK + longestRow, 120) + 2 * PAD);
  return { table, rows, width: w, height: HEADER + Math.max(1, rows.length) * ROW + 4 };
}

function portOf(table: Table, column: string | undefined): number {
  const i = column === undefined ? -1 : table.columns.findIndex((c) => c.name === column);
  return i < 0 ? HEADER / 2 : HEADER + i * ROW + ROW / 2;
}

function boxSvg(box: Box, at: Point): string {
  const { table } = box;
  const junction = isJunction(table);
  const out = [
    `<g class="table${junction ? " junction" : ""}" transform="translate(${n(at.x)},${n(at.y)})">`,
    `<title>${xml(table.ref === table.sqlName ? table.sqlName : `${table.sqlName} (${table.ref})`)}${junction ? " — many_to_many junction" : ""}</title>`,
    `<rect class="box" width="${box.width}" height="${box.height}" rx="4"/>`,
    `<path class="head" d="M0,4a4,4 0 0 1 4,-4h${box.width - 8}a4,4 0 0 1 4,4v${HEADER - 4}h-${box.width}z"/>`,
    `<text class="name" x="${PAD}" y="${HEADER / 2 + 5}">${xml(table.sqlName)}</text>`,
  ];
  box.rows.forEach((r, i) => {
    const y = HEADER + i * ROW + ROW / 2 + 4;
    if (r.marks !== "") out.push(`<text class="key" x="${PAD}" y="${y}">${r.marks}</text>`);
    out.push(`<text x="${PAD + MARK + (r.marks.length > 2 ? width(r.marks) - 2 * CHAR : 0)}" y="${y}">${xml(r.name)}</text>`, `<text class="type" x="${box.width - PAD}" y="${y}">${xml(r.type)}</text>`);
  });
  out.push("</g>");
  return out.join("");
}

type End = "one" | "zeroOne" | "many";

/** A cardinality mark at a box side `p`; `s` is +1 when the line leaves the box to the right. */
function mark(end: End, p: Point, s: number): string {
  const bar = (d: number) => `M${n(p.x + s * d)},${n(p.y - 6)}v12`;
  const circle = (d: number) => `<circle cx="${n(p.x + s * d)}" cy="${n(p.y)}" r="4"/>`;
  switch (end) {
    case "one":
      return `<path d="${bar(8)}${bar(12)}"/>`;
    case "zeroOne":
      return `<path d="${bar(8)}"/>${circle(17)}`;
    case "many":
      return `<path d="M${n(p.x + s * 11)},${n(p.y)}L${n(p.x)},${n(p.y - 6)}M${n(p.x + s * 11)},${n(p.y)}L${n(p.x)},${n(p.y + 6)}"/>${circle(16)}`;
  }
}

function routePath(route: EdgeRoute): string {
  const [first, ...rest] = route.points;
  if (first === undefined) return "";
  if (route.self) {
    const last = route.points[1]!;
    return `M${n(first.x)},${n(first.y)}h24V${n(last.y)}h-24`;
  }
  let d = `M${n(first.x)},${n(first.y)}`;
  let prev = first;
  rest.forEach((p, i) => {
    if (i % 2 === 0) d += `L${n(p.x)},${n(p.y)}`;
    else {
      const mid = (prev.x + p.x) / 2;
      d += `C${n(mid)},${n(prev.y)} ${n(mid)},${n(p.y)} ${n(p.x)},${n(p.y)}`;
    }
    prev = p;
  });
  return d;
}

function edgeSvg(r: Relation, route: EdgeRoute): string {
  const parent: End = r.optional ? "zeroOne" : "one";
  const child: End = r.kind === "one_to_one" ? "zeroOne" : "many";
  const first = route.points[0]!;
  const last = route.points[route.points.length - 1]!;
  // The route's first point is at the referenced table (its key row), unless the route is
  // reversed (a key that closes a cycle); a self-reference leaves and enters on the right side.
  const [leftEnd, rightEnd] = route.reversed ? [child, parent] : [parent, child];
  const title = `${r.from.sqlName}.${r.key.columns.join(", ")} → ${r.toSqlName}.${r.key.refColumns.join(", ")}`;
  return `<g class="rel"><title>${xml(title)}</title><path d="${routePath(route)}"/>${mark(leftEnd, first, 1)}${mark(rightEnd, last, route.self ? 1 : -1)}</g>`;
}

const STYLE = [
  "text{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono','Liberation Mono',monospace;font-size:12px;fill:#1f2937}",
  ".box{fill:#fff;stroke:#475569}",
  ".head{fill:#1e3a5f}",
  ".junction .head{fill:#64748b}",
  ".name{fill:#fff;font-weight:bold;font-size:13px}",
  ".key{fill:#b45309;font-size:10px;font-weight:bold}",
  ".type{fill:#64748b;text-anchor:end}",
  ".rel path,.rel circle{fill:none;stroke:#475569;stroke-width:1.3}",
  ".rel circle{fill:#fff}",
].join("");

export function exportSvg(schema: Schema, opts: SvgOptions = {}): string {
  const tables = tablesInOrder(schema);
  const boxes = tables.map((t) => boxOf(t, opts.dialect));
  const index = new Map(tables.map((t, i) => [t.ref, i]));
  const relations = relationsOf(schema).filter((r) => r.to !== undefined);
  const edges = relations.map((r) => ({
    from: index.get(r.from.ref)!,
    to: index.get(r.to!.ref)!,
    fromPort: portOf(r.from, r.key.columns[0]),
    toPort: portOf(r.to!, r.key.refColumns[0]),
  }));
  const placed = layout(boxes, edges);
  const w = Math.ceil(Math.max(placed.width, 200));
  const h = Math.ceil(Math.max(placed.height, 60));
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<title>ER diagram: ${tables.length} ${tables.length === 1 ? "table" : "tables"}</title>`,
    `<style>${STYLE}</style>`,
    `<rect width="100%" height="100%" fill="#f8fafc"/>`,
  ];
  if (tables.length === 0) out.push(`<text x="24" y="36">no tables</text>`);
  relations.forEach((r, i) => out.push(edgeSvg(r, placed.edges[i]!)));
  boxes.forEach((b, i) => out.push(boxSvg(b, placed.boxes[i]!)));
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
