/**
 * The words of a critical-result alert for the person reading it. An assistant tells a provider and
 * records who was told and that they read the value back; a provider signed in is the one to act,
 * so "Tell a provider now" was wrong for them (a UI tester): they review it and record themself as
 * informed. Main's rule is the same for both (a name, a role, how, and the read-back).
 */
export interface CriticalWords {
  /** Ends the alert's headline. */
  readonly action: string;
  /** The label of who was told (main stores it as `notifiedName`). */
  readonly whoLabel: string;
  readonly readBackLabel: string;
  readonly submitLabel: string;
  /** Said when the form is sent without the read-back ticked (main refuses it too). */
  readonly readBackMissing: string;
  /** Who was told, filled in when the form opens: the provider themself, or nobody yet. */
  readonly prefillWho: string;
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
      prefillWho: reader.displayName,
    };
  }
  return {
    action: 'Tell a provider now.',
    whoLabel: 'Provider notified',
    readBackLabel: 'They read the value back',
    submitLabel: 'Record notification',
    readBackMissing: 'The provider must read the value back before you can record the notification.',
    prefillWho: '',
  };
}
