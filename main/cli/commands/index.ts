import type { Command } from '../command.ts';

/**
 * Every `station` sub-command, in the order `--help` lists them. Add one line per command file.
 * Commands are loaded lazily so `station --help` stays fast and one command's native modules
 * are not loaded by another.
 */
export const commandLoaders: ReadonlyArray<{ name: string; summary: string; load: () => Promise<Command> }> = [
  { name: 'serve', summary: 'start the station in the browser host (127.0.0.1 only)', load: async () => (await import('./serve.ts')).command },
  { name: 'simulate', summary: 'run a simulated device (cart, printer, meter) on a real port', load: async () => (await import('./simulate.ts')).command },
  { name: 'label', summary: 'render or print a specimen label (ZPL II, Zebra printers)', load: async () => (await import('./label.ts')).command },
  { name: 'poc', summary: 'point-of-care results: import from a meter or capture, print HL7 ORU', load: async () => (await import('./poc.ts')).command },
  { name: 'analyze', summary: 'analyse WFDB EKG records: beats, signal quality, heart rate (--json)', load: async () => (await import('./analyze.ts')).command },
  { name: 'audit', summary: 'verify the audit log hash chain, export audit entries (csv/json)', load: async () => (await import('./audit.ts')).command },
  { name: 'backup', summary: 'online backup of the station database (--to FILE)', load: async () => (await import('./backup.ts')).command },
  { name: 'operators', summary: 'add, list and unlock operator accounts (admin, ma, provider)', load: async () => (await import('./operators.ts')).command },
  { name: 'demo', summary: 'fill a database with a SIMULATED clinic (--days N)', load: async () => (await import('./demo.ts')).command },
  { name: 'acquire', summary: 'acquire S seconds from a 12-lead cart into a WFDB record (--port --seconds --out)', load: async () => (await import('./acquire.ts')).command },
  { name: 'bench', summary: 'run the performance benches, as npm run bench does (source checkout only)', load: async () => (await import('./bench.ts')).command },
];
