// The CLI bundle `npm run build` leaves in dist/cli, when it is still up to date for `station analyze`:
// it exists and every source file analyze runs from is older than the build (dist/cli/inputs.json
// lists them).
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

/** URL of dist/cli/main.mjs when it is up to date with the sources analyze runs from, else null. */
export function freshCliBundle() {
  try {
    const { builtAtMs, inputs } = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    for (const input of inputs) if (statSync(new URL(input, root)).mtimeMs >= builtAtMs) return null;
    return new URL('dist/cli/main.mjs', root);
  } catch {
    return null; // no build (fresh clone), or a source it was built from is gone
  }
}
