/** Who does something at the POC screens (from the signed-in session). */
export interface PocActor {
  readonly id: string;
  readonly role: 'admin' | 'ma' | 'provider';
  readonly displayName: string;
}

/** The patient as the records service knows it. */
export interface PocPatient {
  readonly id: number;
  readonly mrn: string;
  readonly familyName: string;
  readonly givenName: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly sex: string;
  readonly simulated: boolean;
}

export interface PendingReading {
  readonly id: number;
  readonly deviceSerial: string;
  readonly recordTime: string;
  readonly testCode: string;
  readonly value: string;
  readonly unit: string;
  readonly observedAt: string;
  readonly protocol: string;
  readonly control: boolean;
  readonly flags: string;
  readonly simulated: boolean;
  readonly receivedAtUtc: string;
  readonly state: 'pending' | 'matched' | 'discarded' | 'qc';
  /** Catalogue id the device code maps to, when it does. */
  readonly suggestedTestId: string | null;
  /** The flag and critical status the value gets as a patient result of that test (null / false: a control, an unknown test or a value the rules refuse). */
  readonly flag: 'L' | 'H' | 'LL' | 'HH' | 'A' | null;
  readonly critical: boolean;
}

export interface StoredResult {
  readonly id: number;
  readonly recordId: string;
  readonly version: number;
  readonly patientId: number;
  readonly testId: string;
  readonly loinc: string;
  readonly value: string;
  readonly unit: string;
  readonly observedAt: string;
  readonly flag: 'L' | 'H' | 'LL' | 'HH' | 'A' | null;
  readonly critical: boolean;
  readonly referenceRange: string;
  readonly operatorId: string;
  readonly operatorName: string;
  readonly deviceId: string;
  readonly lotNumber: string;
  readonly lotExpires: string;
  readonly source: 'manual' | 'device';
  readonly createdAtUtc: string;
  readonly amendReason: string | null;
  readonly simulated: boolean;
  /** F for the first version, C for a correction. */
  readonly status: 'F' | 'C';
  /** This version's HL7 export (at most one), or null when it was never exported. */
  readonly exported: ResultExport | null;
}

/** When and as which message a result version was exported. */
export interface ResultExport {
  /** MSH-10 of the message. */
  readonly controlId: string;
  /** When the export was committed (UTC ISO-8601). */
  readonly atUtc: string;
  /** For the EMR link (queued, or about to be); false when built without a link (`no-link`). */
  readonly toEmr: boolean;
  /** Where its message is now (common/ipc/channels/poc.ts exportDeliverySchema): only `sent` means the EMR acknowledged it. */
  readonly delivery: ExportDelivery;
}

export type ExportDelivery = 'waiting' | 'sent' | 'handed-off' | 'refused' | 'not-placed' | 'set-aside' | 'withdrawn' | 'no-link' | 'unknown';

/** Exports committed for the EMR but not in the outbox yet, and why the last try to queue them failed. */
export interface ExportQueueStatus {
  /** Committed, no outbox state and not held by the outbox: the station queues them itself (recoverExports). */
  readonly notQueued: number;
  /** Error code of the last failed try to put exports in the outbox (`EACCES`, `ENOSPC`, `SQLITE_BUSY`), null once one succeeds. */
  readonly queueError: string | null;
}
