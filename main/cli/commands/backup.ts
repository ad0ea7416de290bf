import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { userInfo } from 'node:os';
import { StationError } from '../../../common/errors.ts';
import { backupStore } from '../../storage/backup.ts';
import { existingDataDir } from '../../storage/dataDir.ts';
import { openStore } from '../../storage/store.ts';
import { optionString, parseArgs, requireOption } from '../args.ts';
import type { Command } from '../command.ts';

export const command: Command = {
  name: 'backup',
  usage: `Usage: station backup --to FILE [--data-dir D]
  Copies the station database to FILE with SQLite's online backup (safe while the station runs)
  and the audit head sidecar to FILE.audit-head.json. Refuses to overwrite FILE. The backup is audited
  with its real outcome; a failed one leaves no file and exits 1. A data dir without a station
  database is refused (exit 1), never backed up as a new empty one.
Data dir: --data-dir, else STATION_DATA_DIR, else the per-OS application-data folder.`,
  async run(args, io) {
    const parsed = parseArgs(args, { valued: ['to', 'data-dir'] });
    const target = resolve(io.cwd, requireOption(parsed, 'to'));
    if (existsSync(target)) throw new StationError('usage', 'the backup file already exists');
    const store = openStore({ dataDir: existingDataDir(optionString(parsed, 'data-dir'), io.env, io.cwd) });
    try {
      const result = await backupStore(store, target, { id: `cli:${userInfo().username}`, role: 'system' });
      io.stdout(`backup written: ${result.pages} pages, audit head seq ${result.auditHeadSeq}`);
      return 0;
    } finally {
      store.close();
    }
  },
};
