import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread running the module at `moduleUrl`. When the station runs from its
 * TypeScript sources (the CLI through tsx), a worker does not inherit tsx's loader hooks (Node 20
 * registers hooks per thread), so a .ts module is reached through a bootstrap that registers tsx
 * in the worker first. The bootstrap uses tsx's CommonJS hooks, which run in the worker's own
 * thread: tsx's ES-module hooks would first start a separate loader thread for the worker, and
 * that start-up (~0.2 s on this kind of machine, measured) is time the worker is not working.
 * So, from the sources, a worker module and its imports are compiled to CommonJS: they must not use
 * top-level await or import.meta.resolve (bundled .js/.mjs workers run as ES modules).
 */
export function startModuleWorker(moduleUrl: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  const tsxCjsApi = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const boot = `require(${JSON.stringify(tsxCjsApi)}).register(); require(${JSON.stringify(fileURLToPath(moduleUrl))});`;
  return new Worker(boot, { ...options, eval: true });
}
