/** The twelve standard lead names in display order (I, II, III, aVR, aVL, aVF, V1-V6). */
export const STANDARD_LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export type StandardLead = (typeof STANDARD_LEADS)[number];

export const LIMB_LEADS: readonly StandardLead[] = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF'];
export const PRECORDIAL_LEADS: readonly StandardLead[] = ['V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/** One lead's samples in millivolts (NaN = no data). */
export interface LeadSignal {
  readonly name: string;
  readonly mv: Float32Array;
}

const byLowerName: ReadonlyMap<string, StandardLead> = new Map(STANDARD_LEADS.map((n) => [n.toLowerCase(), n]));

/** Maps a record's lead label ("i", "AVR", "V1", "MLII"...) to a standard lead, or null when it is none of the twelve. */
export function standardLeadName(label: string): StandardLead | null {
  const key = label.trim().toLowerCase();
  if (key === 'mlii') return 'II';
  return byLowerName.get(key) ?? null;
}

/**
 * Einthoven's and Goldberger's relations: lead = ca * a + cb * b, from I and II
 * (III = II - I, aVR = -(I + II)/2, aVL = I - II/2, aVF = II - I/2).
 */
export const GOLDBERGER_EINTHOVEN: readonly { lead: StandardLead; a: 'I' | 'II'; ca: number; b: 'I' | 'II'; cb: number }[] = [
  { lead: 'III', a: 'II', ca: 1, b: 'I', cb: -1 },
  { lead: 'aVR', a: 'I', ca: -0.5, b: 'II', cb: -0.5 },
  { lead: 'aVL', a: 'I', ca: 1, b: 'II', cb: -0.5 },
  { lead: 'aVF', a: 'II', ca: 1, b: 'I', cb: -0.5 },
];

export interface LeadSet {
  /** Leads in input order, with standard names where recognised, plus any derived limb leads appended. */
  readonly leads: readonly LeadSignal[];
  /** Standard lead -> index in `leads`. */
  readonly index: ReadonlyMap<StandardLead, number>;
  /** Limb leads computed from I and II because the source did not send them. */
  readonly derived: readonly StandardLead[];
}

/**
 * Names the leads and derives III, aVR, aVL, aVF from I and II when a cart sends only I, II, V1-V6
 * (Einthoven/Goldberger: III = II - I, aVR = -(I+II)/2, aVL = I - II/2, aVF = II - I/2).
 */
export function completeLeadSet(input: readonly LeadSignal[]): LeadSet {
  const leads: LeadSignal[] = [];
  const index = new Map<StandardLead, number>();
  for (const l of input) {
    const std = standardLeadName(l.name);
    if (std !== null && !index.has(std)) index.set(std, leads.length);
    leads.push(std === null ? l : { name: std, mv: l.mv });
  }
  const derived: StandardLead[] = [];
  const iIdx = index.get('I');
  const iiIdx = index.get('II');
  if (iIdx !== undefined && iiIdx !== undefined) {
    const from: Record<'I' | 'II', Float32Array> = { I: leads[iIdx]!.mv, II: leads[iiIdx]!.mv };
    for (const { lead, a, ca, b, cb } of GOLDBERGER_EINTHOVEN) {
      if (index.has(lead)) continue;
      const xa = from[a];
      const xb = from[b];
      const mv = new Float32Array(xa.length);
      for (let k = 0; k < xa.length; k++) mv[k] = ca * xa[k]! + cb * xb[k]!;
      index.set(lead, leads.length);
      leads.push({ name: lead, mv });
      derived.push(lead);
    }
  }
  return { leads, index, derived };
}
