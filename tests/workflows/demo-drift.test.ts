/**
 * The demo's tour (scripts/demo.ts) on every database, with drift as the oracle after each
 * step that changes the database: the example project in schemas/ generated, migrated, changed,
 * migrated, rolled back — and `alab verify` on the same files (`--dev-url` on the servers).
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { generate } from "../../src/workflows/new";
import { migrate } from "../../src/workflows/migrate";
import { rollback } from "../../src/workflows/rollback";
import { verify } from "../../src/workflows/verify";
import { availableDialects } from "../support/db";
import { expectProjectNoDrift } from "../support/drift";
import { serviceUrl } from "../support/services";
import { MIGRATE_DEFAULTS, ROOT, withProject } from "../db/fixtures";

setDefaultTimeout(120_000);
const dialects = await availableDialects();

describe.each(dialects)("the demo on %s", (dialect) => {
  test("every step leaves the database as its applied migrations say; verify agrees", () =>
    withProject(dialect, {}, async (project) => {
      await cp(join(ROOT, "schemas"), join(project.dir, "schemas"), { recursive: true });
      expect((await generate(project.config, { name: "init" })).kind).toBe("written");
      await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      await expectProjectNoDrift(project.config);

      const post = join(project.dir, "schemas/blog/post.js");
      const text = await Bun.file(post).text();
      await Bun.write(post, text.replace("  body: col.text(),\n", '  body: col.text(),\n  excerpt: col.string(300).default(""),\n'));
      expect((await generate(project.config, { name: "add_post_excerpt" })).kind).toBe("written");
      await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      await expectProjectNoDrift(project.config);

      await rollback(project.config, { target: { kind: "steps", n: 1 }, dry: false, tx: "all", lockTimeoutSeconds: 10 }, () => undefined);
      await expectProjectNoDrift(project.config);

      const v = await verify(project.config, dialect === "sqlite" ? {} : { devUrl: serviceUrl(dialect) });
      expect({ differences: v.differences.map((d) => d.message), unmanaged: v.unmanaged }).toEqual({ differences: [], unmanaged: [] });
    }));
});
