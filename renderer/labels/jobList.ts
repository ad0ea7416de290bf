import type { EventPayloadOf } from '../../common/ipc/contract.ts';

type Job = EventPayloadOf<'labels.job'>;

/**
 * The Labels screen's job list after main answers `labels.jobs` (or `labels.waiting`): every job of
 * either list once, in the version changed last (a `labels.job` event may have reached the screen
 * after main read its list), newest asked-for first, as `printedConfirmation` expects.
 */
export function mergeJobs(onScreen: readonly Job[], fromMain: readonly Job[]): Job[] {
  const byId = new Map<string, Job>();
  for (const j of fromMain) byId.set(j.jobId, j);
  for (const j of onScreen) {
    const known = byId.get(j.jobId);
    if (!known || j.updatedAtUtc > known.updatedAtUtc) byId.set(j.jobId, j);
  }
  // Sort is stable: jobs asked for in the same millisecond keep main's order (newest first).
  return [...byId.values()].sort((a, b) => (a.createdAtUtc < b.createdAtUtc ? 1 : a.createdAtUtc > b.createdAtUtc ? -1 : 0));
}
