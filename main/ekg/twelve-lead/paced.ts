// Is the median beat paced? Pacemaker pulses time-locked to the dominant beats.

/** A pacemaker fires at a fixed time before the QRS it causes; beats whose pulse leads by this much more or less than the median are not counted. */
const PULSE_LOCK_MS = 10;
/** The latest a ventricular pulse can lead the QRS's activity centre by, ms (stimulus latency plus half a wide QRS). */
const PULSE_LEAD_MAX_MS = 250;

/**
 * The longest a ventricular pulse can lead the QRS onset it causes, ms: the stimulus-to-QRS latency
 * is normally under 40 ms (longer in severe myocardial disease or with antiarrhythmic drugs). An
 * atrial pulse leads the QRS by the AV conduction time (100 ms and more), so a pulse further ahead
 * than this paced the atria only and the QRS is the heart's own.
 */
export const VENTRICULAR_PULSE_TO_QRS_MAX_MS = 60;

/**
 * How far the pacemaker pulse leads the fiducial of the dominant beats (samples), when at least half
 * of them (and three) have a pulse at the same lead: the median beat then carries that pulse. Null
 * otherwise (no pacing, pacing of a minority of beats, or pulses unrelated to the beats).
 */
export function pulseLeadSamples(pulses: Int32Array | undefined, fiducials: Int32Array, dominant: readonly boolean[], fsHz: number): number | null {
  if (pulses === undefined || pulses.length === 0) return null;
  const maxLead = Math.round((PULSE_LEAD_MAX_MS * fsHz) / 1000);
  const leads: number[] = [];
  let dominantBeats = 0;
  let k = 0;
  for (let b = 0; b < fiducials.length; b++) {
    if (!dominant[b]) continue;
    dominantBeats++;
    const f = fiducials[b]!;
    while (k < pulses.length && pulses[k]! < f - maxLead) k++;
    // The last pulse at or before the fiducial (an atrial pulse is followed by the ventricular one).
    let last = -1;
    for (let j = k; j < pulses.length && pulses[j]! <= f; j++) last = pulses[j]!;
    if (last >= 0) leads.push(f - last);
  }
  if (leads.length < 3) return null;
  const sorted = [...leads].sort((a, b) => a - b);
  const mid = sorted[Math.floor(sorted.length / 2)]!;
  const lock = Math.round((PULSE_LOCK_MS * fsHz) / 1000);
  const locked = leads.filter((l) => Math.abs(l - mid) <= lock).length;
  return locked >= 3 && 2 * locked >= dominantBeats ? mid : null;
}
