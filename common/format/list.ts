/** Items as a sentence lists them: `low`, `low and high`, `a, b and c` (no Oxford comma). */
export function listText(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}
