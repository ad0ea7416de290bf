import type { ChildProcess } from 'node:child_process';

/** Stops a test's child process (a simulator) with SIGTERM and waits until it has exited. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
