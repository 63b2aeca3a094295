/** Counted nouns in messages: "1 migration", "2 migrations". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
