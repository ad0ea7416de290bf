import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread running the ES module at `moduleUrl`. When the station runs from its
 * TypeScript sources (the CLI through tsx), a worker does not inherit tsx's loader hooks (Node 20
 * registers hooks per thread), so a .ts module is reached through a two-line bootstrap that
 * registers tsx in the worker first.
 */
export function startModuleWorker(moduleUrl: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
