/** URL of dist/cli/main.mjs when it exists and every source `station analyze` runs from is older than the build, else null. */
export function freshCliBundle(): URL | null;
