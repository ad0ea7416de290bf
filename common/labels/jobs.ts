/**
 * Print job vocabulary shared by the queue (main) and the UI. A reprint needs one of these
 * reasons: codes, not free text, so no patient detail ever lands in the audit trail.
 */
export const PRINT_JOB_STATES = ['queued', 'sending', 'printed', 'uncertain', 'cancelled'] as const;
export type PrintJobState = (typeof PRINT_JOB_STATES)[number];

export const REPRINT_REASONS = ['damaged', 'unreadable', 'lost', 'wrong-position', 'printer-jam', 'interrupted', 'additional-tube'] as const;
export type ReprintReason = (typeof REPRINT_REASONS)[number];

/** Why a printer cannot print now (from ~HS, its silence, or the link). */
export const PRINTER_FAULTS = [
  'paper-out',
  'head-open',
  'paused',
  'ribbon-out',
  'buffer-full',
  'corrupt-ram',
  'under-temperature',
  'over-temperature',
  'no-status-reply',
  'disconnected',
] as const;
export type PrinterFault = (typeof PRINTER_FAULTS)[number];

const FAULT_TEXT: Readonly<Record<string, string>> = {
  'paper-out': 'out of labels: load a new roll',
  'head-open': 'the print head is open: close it',
  'ribbon-out': 'out of ribbon',
  paused: 'paused: press the pause button on the printer',
  'buffer-full': 'busy (buffer full)',
  'no-status-reply': 'not answering: check that it is on and connected',
  disconnected: 'not connected: check that it is on and connected',
  offline: 'offline: check that it is on and connected',
};

/**
 * Out of labels or ribbon, a Zebra pauses itself too (~HS then reports both). What fixes it is the
 * new roll; the pause is not a second fault to clear, only maybe one press after loading.
 */
const MEDIA_OUT_TEXT: Readonly<Record<string, string>> = {
  'paper-out': 'out of labels: load a new roll',
  'ribbon-out': 'out of ribbon: load a new ribbon',
};
const AFTER_MEDIA_TEXT = 'then, if it does not start printing, press its pause button once';

/**
 * What an MA reads for a printer fault code, or a job's comma-separated list of them: one
 * instruction per thing to do. When the media is out, only what fixes it (the printer's own pause
 * is folded into that instruction).
 */
export function describePrinterFault(codes: string): string {
  const list = [...new Set(codes.split(',').map((c) => c.trim()).filter(Boolean))];
  const mediaOut = list.filter((c) => c in MEDIA_OUT_TEXT);
  if (mediaOut.length === 0) return list.map((c) => FAULT_TEXT[c] ?? c).join('; ');
  const others = list.filter((c) => !(c in MEDIA_OUT_TEXT) && c !== 'paused').map((c) => FAULT_TEXT[c] ?? c);
  return [...others, `${mediaOut.map((c) => MEDIA_OUT_TEXT[c]).join(' and ')}; ${AFTER_MEDIA_TEXT}`].join('; ');
}
