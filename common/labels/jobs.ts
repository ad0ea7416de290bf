/**
 * Print job vocabulary shared by the queue (main) and the UI. A reprint needs one of these
 * reasons: codes, not free text, so no patient detail ever lands in the audit trail.
 */
export const PRINT_JOB_STATES = ['queued', 'sending', 'printed', 'uncertain', 'cancelled'] as const;
export type PrintJobState = (typeof PRINT_JOB_STATES)[number];

export const REPRINT_REASONS = ['damaged', 'unreadable', 'lost', 'wrong-position', 'printer-jam', 'interrupted', 'additional-tube'] as const;
export type ReprintReason = (typeof REPRINT_REASONS)[number];
