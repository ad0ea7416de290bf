/**
 * A count with its noun, singular for exactly one ("1 minute", "0.5 minutes", "2 attempts"): a
 * screen that read "1 minutes" was one of a UI tester's findings. English nouns that add an "s";
 * pass `pluralForm` for the others.
 */
export function countText(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
