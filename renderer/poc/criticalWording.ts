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

/** A value as an alert says it: "41 mg/dL (CRITICAL LOW)", or "85 mg/dL" with no flag. */
export interface AlertValue {
  readonly value: string;
  readonly unit: string;
  readonly flag: string | null;
}

/** What a critical alert's headline is made of (poc.critical.unacknowledged, one entry). */
export interface AlertedResult extends AlertValue {
  readonly testName: string;
  readonly critical: boolean;
  readonly simulated: boolean;
  /** The version this one corrected (`acknowledged`: a provider was told that value). */
  readonly correctedFrom: (AlertValue & { readonly acknowledged: boolean }) | null;
}

function valueWords(v: AlertValue, flagWords: Readonly<Record<string, string>>): string {
  const value = `${v.value} ${v.unit}`.trim();
  return v.flag ? `${value} (${flagWords[v.flag] ?? v.flag})` : value;
}

/**
 * The headline of a critical alert. A correction says what the value was and what it is now, and
 * whether a provider was told the old one: a critical value corrected to a normal one still has to
 * reach the provider (they may act, or have acted, on the wrong value), so that alert stays, with
 * "CORRECTED" first. `compact`: without the action sentence (the line of another patient's alert).
 */
export function criticalHeadline(r: AlertedResult, words: CriticalWords, flagWords: Readonly<Record<string, string>>, compact = false): string {
  const sim = r.simulated ? '(SIMULATED) ' : '';
  const from = r.correctedFrom;
  const told = from?.acknowledged ? ', which a provider was told,' : '';
  const what =
    from === null
      ? `CRITICAL ${sim}— ${r.testName} ${valueWords(r, flagWords)}`
      : r.critical
        ? `CRITICAL ${sim}— ${r.testName} ${valueWords(r, flagWords)}, corrected from ${valueWords(from, flagWords)}${told.replace(/,$/, '')}`
        : `CORRECTED CRITICAL ${sim}— ${r.testName} corrected from ${valueWords(from, flagWords)}${told} to ${valueWords(r, flagWords)}`;
  if (compact) return what;
  return `${what}. ${from === null ? words.action : words.correctedAction}`;
}
