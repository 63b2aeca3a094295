import { expect, test } from "bun:test";
import { lossesBetween, lossLines } from "../../src/diff/losses";
import { emptySchema } from "../../src/model/types";
import { col, schema, table } from "./fixtures";

const id = col("id", { kind: "uuid" });
const name = col("name", { kind: "string", length: 50 });
const nick = col("nick", { kind: "string", length: 20 });
const user = table("auth.user", [id, name, nick]);
const userSlim = table("auth.user", [id, name]);
const post = table("blog.post", [id]);

const cases = [
  { name: "nothing goes", before: schema(user), after: schema(user), lines: [] },
  { name: "everything goes: tables sorted by SQL name, with their columns", before: schema(post, user), after: emptySchema, lines: ["table auth_user (id, name, nick)", "table blog_post (id)"] },
  { name: "a column of a table that stays", before: schema(user, post), after: schema(userSlim, post), lines: ["column auth_user.nick"] },
  { name: "a table and a column", before: schema(user, post), after: schema(userSlim), lines: ["table blog_post (id)", "column auth_user.nick"] },
  { name: "what is added back is no loss", before: schema(userSlim), after: schema(user, post), lines: [] },
];

test.each(cases)("$name", (c) => {
  expect(lossLines(lossesBetween(c.before, c.after))).toEqual(c.lines);
});
