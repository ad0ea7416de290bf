import { formatAccession, isValidStationPrefix, MAX_ACCESSION_SEQUENCE, parsePrintableAccession } from '../../../common/labels/accession.ts';
import { LabelError } from '../../../common/labels/errors.ts';
import type { Store } from '../../storage/store.ts';

export type AccessionStore = Pick<Store, 'db' | 'audit' | 'transaction' | 'clockMs'>;

/**
 * Issues accession numbers from SQLite (table label_accessions, migration 0010). The counter
 * and the issued number commit in one transaction with their audit entry, so a number is
 * issued once even across crashes and concurrent processes (IMMEDIATE transaction = one writer).
 */
export class AccessionAllocator {
  constructor(
    private readonly store: AccessionStore,
    private readonly prefix: string,
  ) {
    if (!isValidStationPrefix(prefix)) throw new LabelError('bad-accession', 'station accession prefix must be 2-3 letters A-Z');
  }

  allocate(): string {
    const { db, audit } = this.store;
    return this.store.transaction(() => {
      const last = db.prepare('SELECT last_sequence FROM label_accession_counters WHERE prefix = ?').pluck().get(this.prefix) as number | undefined;
      let sequence = (last ?? 0) + 1;
      // Skip numbers already taken by supplied (pre-printed / LIS) accessions with our prefix.
      const taken = db.prepare('SELECT 1 FROM label_accessions WHERE accession = ?').pluck();
      while (sequence <= MAX_ACCESSION_SEQUENCE && taken.get(formatAccession(this.prefix, sequence)) !== undefined) sequence++;
      if (sequence > MAX_ACCESSION_SEQUENCE) throw new LabelError('bad-accession', 'accession numbers for this station prefix are exhausted');
      db.prepare('INSERT INTO label_accession_counters (prefix, last_sequence) VALUES (?, ?) ON CONFLICT (prefix) DO UPDATE SET last_sequence = excluded.last_sequence').run(this.prefix, sequence);
      const accession = formatAccession(this.prefix, sequence);
      db.prepare("INSERT INTO label_accessions (accession, issued_at_utc, source) VALUES (?, ?, 'allocated')").run(accession, new Date(this.store.clockMs()).toISOString());
      audit.append({ operator: null, action: 'create', verb: 'accession-issue', objectType: 'accession', objectId: accession, outcome: 'success' });
      return accession;
    });
  }
}

/**
 * Records an accession that came with the order (input `specimen.accession`): it must carry a
 * valid check character and must not be the preview number. Called inside the enqueue
 * transaction, so every print path (CLI, UI) passes here; idempotent.
 */
export function recordSuppliedAccession(store: AccessionStore, accession: string): void {
  parsePrintableAccession(accession);
  store.db.prepare("INSERT OR IGNORE INTO label_accessions (accession, issued_at_utc, source) VALUES (?, ?, 'supplied')").run(accession, new Date(store.clockMs()).toISOString());
}
