import type { PocTest } from './usePoc.ts';
import { valueText } from './valueText.ts';

/**
 * The words of a critical-result alert for the person reading it. An assistant tells a provider and
 * records who was told and that they read the value back; a provider signed in is the one to act,
 * so "Tell a provider now" was wrong for them (a UI tester): they review it and record themself as
 * informed. Main's rule is the same for both (a name, a role, how, and the read-back).
 */
export interface CriticalWords {
  /** Ends the alert's headline. */
  readonly action: string;
  /** Ends the headline of a corrected result's alert: the provider must hear the corrected value. */
  readonly correctedAction: string;
  /** The label of who was told (main stores it as `notifiedName`). */
  readonly whoLabel: string;
  readonly readBackLabel: string;
  readonly submitLabel: string;
  /** Said when the form is sent without the read-back ticked (main refuses it too). */
  readonly readBackMissing: string;
  /** Said when the form is sent without who was told (checked first: the form is filled in that order). */
  readonly whoMissing: string;
  /** Said when the form is sent without their role. */
  readonly roleMissing: string;
  /** Who was told, filled in when the form opens: the provider themself, or nobody yet. */
  readonly prefillWho: string;
  /** The button that opens a compact alert (another patient's) to its full form. */
  readonly openLabel: string;
}

/** The signed-in operator as the alert needs them (null: not known, read as an assistant's alert). */
export interface Reader {
  readonly role: 'admin' | 'ma' | 'provider';
  readonly displayName: string;
}

export function criticalWords(reader: Reader | null): CriticalWords {
  if (reader?.role === 'provider') {
    return {
      action: 'Review this critical result now.',
      whoLabel: 'Provider informed',
      readBackLabel: 'I read the value back (checked it against the result)',
      submitLabel: 'Record review',
      readBackMissing: 'Tick "I read the value back" to record that you reviewed this value.',
      whoMissing: 'Enter your name in "Provider informed".',
      roleMissing: 'Enter your role (for example Provider).',
      prefillWho: reader.displayName,
      correctedAction: 'Review the corrected value now.',
      openLabel: 'Record review…',
    };
  }
  return {
    action: 'Tell a provider now.',
    whoLabel: 'Provider notified',
    readBackLabel: 'They read the value back',
    submitLabel: 'Record notification',
    readBackMissing: 'The provider must read the value back before you can record the notification: ask them to read it back, then tick the box.',
    whoMissing: 'Enter the name of the provider you told.',
    roleMissing: 'Enter the role of the provider you told (for example Provider).',
    prefillWho: '',
    correctedAction: 'Tell a provider the corrected value now.',
    openLabel: 'Record notification…',
  };
}

/** A value as an alert says it: "41 mg/dL (CRITICAL LOW)", "85 mg/dL" with no flag, HI / LO in words. */
export interface AlertValue {
  readonly value: string;
  readonly unit: string;
  readonly flag: string | null;
}

/** An earlier version the alert names (`acknowledged`: a provider was told that value). */
export type EarlierValue = AlertValue & { readonly acknowledged: boolean; readonly critical: boolean };

/** What a critical alert's headline is made of (poc.critical.unacknowledged, one entry). */
export interface AlertedResult extends AlertValue {
  readonly testId: string;
  readonly testName: string;
  readonly critical: boolean;
  readonly simulated: boolean;
  /**
   * The earlier version that matters (main's PocService.correctedFrom): the latest a provider was
   * told, else the latest critical one, else the one just before; null for a first version.
   */
  readonly correctedFrom: EarlierValue | null;
  /** The version just before this one when it is not `correctedFrom` (41 told -> 85 -> 90: the 85). */
  readonly previous: EarlierValue | null;
}

/**
 * How an alert is headed once its current value is no longer critical: in capitals in its
 * headline, in words in its name. "CORRECTED CRITICAL" only when a value it names is critical
 * (`correctedFrom`, or `previous`); otherwise (85 told -> 90, after a 41) "critical earlier".
 */
function correctedHeading(r: AlertedResult): { readonly headline: string; readonly name: string } {
  return r.correctedFrom?.critical === true || r.previous?.critical === true
    ? { headline: 'CORRECTED CRITICAL', name: 'Corrected critical result' }
    : { headline: 'CORRECTED RESULT (critical earlier)', name: 'Corrected result (critical earlier)' };
}

/**
 * The alert's name (its group or form, what a screen reader says and what the compact line's button
 * opens): the test and its value now. A correction to a value that is no longer critical never
 * calls that value critical: "Corrected critical result: Glucose now 90 mg/dL", not "Critical
 * result: Glucose 90 mg/dL" (a UI tester). A value still critical keeps "Critical result: ...".
 */
export function criticalAlertName(r: AlertedResult, tests: readonly PocTest[]): string {
  const value = valueText(tests, r.testId, r.value, r.unit);
  if (r.correctedFrom === null || r.critical) return `Critical result: ${r.testName} ${value}`;
  return `${correctedHeading(r).name}: ${r.testName} now ${value}`;
}

/**
 * The headline of a critical alert. A correction says what the value was and what it is now, and
 * whether a provider was told the old one: a critical value corrected to a normal one still has to
 * reach the provider (they may act, or have acted, on the wrong value), so that alert stays, with
 * "CORRECTED" first. The value named as corrected is the one a provider was last told, else the
 * last critical one, not merely the one before (41 told -> 85 -> 90 says 41, which a provider was
 * told; the 85 follows, "it read 85 mg/dL in between"). "CORRECTED CRITICAL" only when a value it
 * names is critical; otherwise (85 told -> 90, after a 41) "CORRECTED RESULT (critical earlier)".
 * A correction back to the value it names (38 -> 85 -> 38) never reads "38, corrected from 38": it
 * says the value now and how it got there ("38 mg/dL (CRITICAL LOW): it read 85 mg/dL for a while,
 * then was corrected back to 38 mg/dL"); a correction that kept the value says that.
 * Values are said as every POC screen says them (valueText: HI / LO in words with the meter's
 * limit, never "HI mg/dL"); `tests` is the catalogue (empty while it loads: "HI (above the meter's
 * range)"). `compact`: the line of another patient's alert, which opens to the full form: the test
 * and its value now, without the action sentence and without the earlier values (a correction
 * says "corrected" and its value now; what it was corrected from is in the form), so that the line
 * stays within two lines at 640 px (200 % zoom).
 */
export function criticalHeadline(r: AlertedResult, words: CriticalWords, flagWords: Readonly<Record<string, string>>, tests: readonly PocTest[], compact = false): string {
  const say = (v: AlertValue): string => {
    const value = valueText(tests, r.testId, v.value, v.unit);
    return v.flag ? `${value} (${flagWords[v.flag] ?? v.flag})` : value;
  };
  const sim = r.simulated ? '(SIMULATED) ' : '';
  const from = r.correctedFrom;
  if (from === null) {
    const what = `CRITICAL ${sim}— ${r.testName} ${say(r)}`;
    return compact ? what : `${what}. ${words.action}`;
  }
  if (compact) return r.critical ? `CRITICAL ${sim}— ${r.testName} ${say(r)}, corrected` : `${correctedHeading(r).headline} ${sim}— ${r.testName} now ${say(r)}`;
  if (from.value === r.value && from.unit === r.unit) {
    // Corrected back to the value it was corrected from (38 -> 85 -> 38), or to the same value:
    // "38, corrected from 38; it read 85 in between" read as nonsense. It still says that it changed.
    const told = from.acknowledged ? ', which a provider was told' : '';
    const now = r.critical ? `CRITICAL ${sim}— ${r.testName} ${say(r)}${told}` : `${correctedHeading(r).headline} ${sim}— ${r.testName} now ${say(r)}${told}`;
    const how = r.previous === null ? 'corrected, with the same value' : `it read ${say(r.previous)} for a while, then was corrected back to ${say(r)}`;
    return `${now}: ${how}. ${words.correctedAction}`;
  }
  const between = r.previous === null ? '' : `; it read ${say(r.previous)} in between`;
  const what = r.critical
    ? `CRITICAL ${sim}— ${r.testName} ${say(r)}, corrected from ${say(from)}${from.acknowledged ? ', which a provider was told' : ''}${between}`
    : `${correctedHeading(r).headline} ${sim}— ${r.testName} corrected from ${say(from)}${from.acknowledged ? ', which a provider was told,' : ''} to ${say(r)}${between}`;
  return `${what}. ${words.correctedAction}`;
}
