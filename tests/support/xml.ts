/**
 * A strict reader of well-formed XML, for tests of generated SVG: balanced tags, quoted attribute
 * values, only the five named entities and character references, no `<` or `&` left raw. Returns
 * the elements with their attributes and (decoded) text.
 */
export interface Element {
  readonly name: string;
  readonly attributes: Record<string, string>;
  text: string;
  readonly parent: Element | undefined;
}

const ENTITY = /&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(text: string, where: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error(`a raw & in ${where}: ${text.slice(0, 80)}`);
  if (/</.test(text)) throw new Error(`a raw < in ${where}`);
  return text.replace(ENTITY, (_, e: string) => NAMED[e] ?? String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
}

export function parseXml(xml: string): Element[] {
  const elements: Element[] = [];
  const stack: Element[] = [];
  let at = 0;
  let rootClosed = false;
  while (at < xml.length) {
    const lt = xml.indexOf("<", at);
    const text = xml.slice(at, lt < 0 ? xml.length : lt);
    if (text.trim() !== "") {
      const top = stack[stack.length - 1];
      if (top === undefined) throw new Error(`text outside the root: ${text.slice(0, 40)}`);
      top.text += decode(text, `<${top.name}>`);
    }
    if (lt < 0) break;
    if (xml.startsWith("<!--", lt)) {
      at = xml.indexOf("-->", lt) + 3;
      continue;
    }
    const gt = xml.indexOf(">", lt);
    if (gt < 0) throw new Error("an unclosed tag");
    const tag = xml.slice(lt + 1, gt);
    at = gt + 1;
    if (tag.startsWith("?")) continue;
    if (tag.startsWith("/")) {
      const open = stack.pop();
      if (open?.name !== tag.slice(1).trim()) throw new Error(`</${tag.slice(1)}> closes <${open?.name}>`);
      if (stack.length === 0) rootClosed = true;
      continue;
    }
    if (rootClosed) throw new Error("a second root element");
    const selfClosing = tag.endsWith("/");
    const m = /^([A-Za-z_][\w:.-]*)([\s\S]*?)\/?$/.exec(tag);
    if (!m) throw new Error(`a malformed tag <${tag.slice(0, 40)}>`);
    const attributes: Record<string, string> = {};
    const rest = (m[2] ?? "").trim();
    const attr = /([A-Za-z_][\w:.-]*)="([^"]*)"\s*/gy;
    let consumed = 0;
    for (let a = attr.exec(rest); a !== null; a = attr.exec(rest)) {
      if (a[1]! in attributes) throw new Error(`attribute ${a[1]} twice`);
      attributes[a[1]!] = decode(a[2]!, `attribute ${a[1]}`);
      consumed = attr.lastIndex;
    }
    if (consumed !== rest.length) throw new Error(`malformed attributes in <${m[1]}>: ${rest.slice(consumed, consumed + 40)}`);
    const el: Element = { name: m[1]!, attributes, text: "", parent: stack[stack.length - 1] };
    elements.push(el);
    if (!selfClosing) stack.push(el);
    else if (stack.length === 0) rootClosed = true;
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  return elements;
}
