// Loads shared development recordings (WFDB .dat/.mat) as leads in mV plus their patient context and labels.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Annotation } from '../ekg/wfdb/index.ts';
import { leadsInMillivolts, recordScale } from '../ekg/analyze.ts';
import type { LeadSignal } from '../ekg/twelve-lead/leads.ts';
import type { PatientContext } from '../domain/ekg-flags/flags.ts';
import { patientFromComments } from '../domain/ekg-flags/patient.ts';
import { readAnnotations, readRecord } from './wfdb.ts';

export interface LoadedEkg {
  name: string;
  fsHz: number;
  leads: LeadSignal[];
  comments: string[];
  patient: PatientContext;
  /** How the leads were stored (recordScale): calibration and digital units per mV. */
  scale: ReturnType<typeof recordScale>;
}

export async function loadEkg(headerPath: string): Promise<LoadedEkg> {
  const rec = await readRecord(headerPath);
  return {
    name: rec.name,
    fsHz: rec.fsHz,
    // The units handling of `station analyze` (mV, uV, V...; a non-voltage signal is refused).
    leads: leadsInMillivolts(rec).map((mv, i) => ({ name: rec.signals[i]!.name, mv })),
    comments: rec.comments,
    patient: patientFromComments(rec.comments),
    scale: recordScale(rec),
  };
}

/** LUDB's per-lead wave annotations, in the record's lead order (`NAME.i`, `NAME.ii`, ...). */
export async function loadLudbAnnotations(dir: string, name: string, leadNames: readonly string[]): Promise<Annotation[][]> {
  return Promise.all(leadNames.map((l) => readAnnotations(join(dir, `${name}.${l.toLowerCase()}`))));
}

/** CinC 2017 `REFERENCE.csv`: record -> N | A | O | ~. */
export async function loadCinc2017Reference(dir: string): Promise<Map<string, string>> {
  const text = await readFile(join(dir, 'REFERENCE.csv'), 'latin1');
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const [name, label] = line.split(',');
    if (name && label) out.set(name.trim(), label.trim());
  }
  return out;
}
