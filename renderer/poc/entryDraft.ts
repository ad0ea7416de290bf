/**
 * A result half entered when the POC screen left the page: the station locked (the lock screen
 * replaces every screen, so the form is taken down) or the assistant went to another screen. It is
 * kept in this window's memory only and given back to the entry form of the same operator and the
 * same patient (`key`), once; anyone else, or another patient, starts empty and the draft is
 * dropped. The date of birth is never kept: the assistant confirms it again.
 */
export interface EntryDraft {
  readonly testId: string;
  readonly unit: string;
  readonly value: string;
  readonly lotNumber: string;
  readonly deviceId: string;
  /** `YYYY-MM-DDTHH:MM` or '' (now). */
  readonly observedAt: string;
}

let kept: { readonly key: string; readonly draft: EntryDraft } | null = null;

/** Keeps what the form holds when it leaves the page (nothing when no test was chosen). */
export function keepEntryDraft(key: string, draft: EntryDraft): void {
  kept = draft.testId === '' ? null : { key, draft };
}

/** The draft kept for `key`, given once; a draft kept for anyone else is dropped. */
export function takeEntryDraft(key: string): EntryDraft | null {
  const k = kept;
  kept = null;
  return k !== null && k.key === key ? k.draft : null;
}

/** A result was saved: nothing half entered is left to give back. */
export function dropEntryDraft(): void {
  kept = null;
}
