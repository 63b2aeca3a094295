/**
 * MySQL/MariaDB expressions as the servers re-print them against what was written: the pairs that
 * mean the same compare equal, the pairs that do not never do. "MariaDB" prints are copied from
 * MariaDB 10.11's information_schema; "MySQL 8" prints follow its documented form (every operation
 * in parentheses, charset introducers, escaped quotes unescaped by the introspector), which could
 * not be run here.
 */
import { describe, expect, test } from "bun:test";
import { mysqlRules } from "../../src/inspect/mysql";

const same: readonly (readonly [string, string, string])[] = [
  // [what, as written, as printed]
  ["alab's enum check (MariaDB)", "`status` in ('draft', 'published')", "`status` in ('draft','published')"],
  ["alab's enum check (MySQL 8)", "`status` in ('draft', 'published')", "(`status` in (_utf8mb4'draft',_utf8mb4'published'))"],
  ["a one-value enum (MariaDB prints =)", "`k` in ('only')", "`k` = 'only'"],
  ["alab's min on a string", "char_length(`name`) >= 1", "char_length(`name`) >= 1"],
  ["alab's max on a number (MySQL 8)", "`qty` <= 100", "(`qty` <= 100)"],
  ["alab's pattern (MariaDB)", "`code` regexp '(?-i)^[a-z]+$'", "`code` regexp '(?-i)^[a-z]+$'"],
  ["alab's pattern (MySQL 8)", "`code` regexp '(?-i)^[a-z]+$'", "regexp_like(`code`,_utf8mb4'(?-i)^[a-z]+$')"],
  ["a pattern with a backslash (MariaDB)", "`c` regexp '(?-i)^a\\\\d+$'", "`c` regexp '(?-i)^a\\\\d+$'"],
  ["a quote in a value (MariaDB prints \\')", "`c` in ('it''s', 'x')", "`c` in ('it\\'s','x')"],
  ["redundant parentheses dropped (MariaDB)", "(a > 0 and b < 10) or b is null", "`a` > 0 and `b` < 10 or `b` is null"],
  ["needed parentheses kept (MariaDB)", "a > 0 AND (b < 10 OR b IS NULL)", "`a` > 0 and (`b` < 10 or `b` is null)"],
  ["MySQL 8 wraps everything", "a > 0 and b < 10 or b is null", "(((`a` > 0) and (`b` < 10)) or (`b` is null))"],
  ["nested and flattened", "a > 0 and (b > 0 and c > 0)", "`a` > 0 and `b` > 0 and `c` > 0"],
  ["!= and <>", "a != b", "`a` <> `b`"],
  ["not (a = 1) (MariaDB)", "not (a = 1)", "`a` <> 1"],
  ["! (b = 2) (MariaDB)", "!(b = 2)", "`b` <> 2"],
  ["De Morgan (MariaDB)", "not (a > 0 and b > 0)", "(`a` <= 0 or `b` <= 0)"],
  ["not like (MariaDB's double space)", "not (c like 'x')", "`c`  not like 'x'"],
  ["not in (MariaDB)", "not (a in (1, 2))", "`a` not in (1,2)"],
  ["not between (MariaDB)", "not (a between 1 and 2)", "`a` not between 1 and 2"],
  ["not is null (MariaDB)", "not (a is null)", "`a` is not null"],
  ["not regexp (MariaDB)", "c not regexp 'y'", "!(`c` regexp 'y')"],
  ["rlike (MariaDB)", "c rlike '^x'", "`c` regexp '^x'"],
  ["&& on numbers (MariaDB)", "a && b || a xor b", "`a` <> 0 and `b` <> 0 or `a` xor `b`"],
  ["not on a number (MariaDB)", "not a", "`a` = 0"],
  ["mod and % (MariaDB prints MOD)", "a % 2 = 0 and a mod 3 = 1", "`a` MOD 2 = 0 and `a` MOD 3 = 1"],
  ["function aliases (MariaDB)", "lower(c) = upper(c) and length(c) = 1", "lcase(`c`) = ucase(`c`) and octet_length(`c`) = 1"],
  ["nvl and substring (MariaDB)", "nvl(a, 1) = 1 and substring(c, 1, 2) = 'ab'", "ifnull(`a`,1) = 1 and substr(`c`,1,2) = 'ab'"],
  ["true (MariaDB prints 1)", "a = TRUE", "`a` = 1"],
  ["double-quoted strings and introducers (MariaDB)", "c = \"dq\" and c = _latin1'l' and c = N'n'", "`c` = 'dq' and `c` = 'l' and `c` = 'n'"],
  ["unary plus and .5 (MariaDB)", "a < +3 and a = .5", "`a` < 3 and `a` = 0.5"],
  ["is unknown (MariaDB)", "c is unknown", "`c` is null"],
  ["case (MariaDB prints else 1)", "case when a > 0 then b > 0 else true end", "case when `a` > 0 then `b` > 0 else 1 end"],
  ["left-associative minus (MariaDB)", "(a - b) - 1 > 0", "`a` - `b` - 1 > 0"],
  ["spaces, case and backticks", "PRICE>=0", "`price` >= 0"],
  ["a collation", "c collate utf8mb4_bin = 'X'", "`c` collate utf8mb4_bin = 'X'"],
  ["hex literal case", "a = 0x1F", "`a` = 0x1f"],
  ["json arrow (MySQL 8)", "doc->'$.a' = 1", "(json_extract(`doc`,_utf8mb4'$.a') = 1)"],
  ["MySQL 8 prints NOT", "not (a > 0)", "(not((`a` > 0)))"],
];

const different: readonly (readonly [string, string, string])[] = [
  ["and/or grouping", "a > 0 and (b > 0 or c > 0)", "`a` > 0 and `b` > 0 or `c` > 0"],
  ["string case", "c = 'A'", "`c` = 'a'"],
  ["right-nested minus", "a - (b - 1) > 0", "`a` - `b` - 1 > 0"],
  ["a string is not a column", "c = 'x'", "`c` = `x`"],
  ["a number is not a string", "a = 1", "`a` = '1'"],
  ["another value in a list", "`s` in ('a', 'b')", "`s` in ('a','c')"],
  ["another comparison", "a >= 0", "`a` > 0"],
  ["a negation", "a like 'x%'", "`a` not like 'x%'"],
  ["order of an in-list", "`s` in ('a', 'b')", "`s` in ('b','a')"],
  ["1.0 is not 1", "a = 1.0", "`a` = 1"],
  ["another pattern flag", "c regexp '(?-i)a'", "`c` regexp 'a'"],
  ["what does not parse compares token by token", "cast(a as char)", "cast(`a` as char charset utf8mb3)"],
  ["an unparsed expression against a parsed one", "position('a' in c) > 0", "`c` > 0"],
];

describe("mysql expressions", () => {
  test.each(same)("same: %s", (_what, written, printed) => {
    expect(mysqlRules.sameExpression(printed, written)).toBe(true);
    expect(mysqlRules.canonicalExpression(printed)).toBe(mysqlRules.canonicalExpression(written));
  });

  test.each(different)("different: %s", (_what, written, printed) => {
    expect(mysqlRules.sameExpression(printed, written)).toBe(false);
  });

  test("what does not tokenize is never the same, not even as itself", () => {
    expect(mysqlRules.sameExpression("c = 'open", "c = 'open")).toBe(false);
  });

  test.each([
    ["`b` > 0 and `c` < 10 or `g` = _utf8mb4'x'", "`b` > 0 and `c` < 10 or `g` = 'x'"],
    ["(((`a` > 0) and (`b` < 10)) or (`b` is null))", "`a` > 0 and `b` < 10 or `b` is null"],
    ["`a` > 0 and (`B` < 10 or b is null)", "`a` > 0 and (`b` < 10 or `b` is null)"],
    ["`v` in (_utf8mb4'it\\'s',_utf8mb4'a\\\\b')", "`v` in ('it''s', 'a\\\\b')"],
    ["-(`a` + 1) > - -2", "-(`a` + 1) > 2"],
    ["`order` > 0", "`order` > 0"],
    ["position('a' in `c`) > 0", "position('a' in `c`) > 0"],
  ])("canonical form of %s", (printed, shown) => {
    expect(mysqlRules.canonicalExpression(printed)).toBe(shown);
  });
});
