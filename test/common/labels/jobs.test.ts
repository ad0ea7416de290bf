import { describe, expect, it } from 'vitest';
import { describePrinterFault } from '../../../common/labels/jobs.ts';

describe('describePrinterFault: what the MA reads', () => {
  it('out of labels (the Zebra pauses itself too): one instruction, what fixes it, not a second fault', () => {
    const text = describePrinterFault('paper-out,paused');
    expect(text).toBe('out of labels: load a new roll; then, if it does not start printing, press its pause button once');
    expect(text).not.toMatch(/paused:/);
    expect(describePrinterFault('paper-out')).toBe(text);
    expect(describePrinterFault('paused, paper-out')).toBe(text);
  });

  it('names other faults beside the media; a pause on its own is still a pause', () => {
    expect(describePrinterFault('head-open,paper-out,paused')).toBe('the print head is open: close it; out of labels: load a new roll; then, if it does not start printing, press its pause button once');
    expect(describePrinterFault('paper-out,ribbon-out,paused')).toBe('out of labels: load a new roll and out of ribbon: load a new ribbon; then, if it does not start printing, press its pause button once');
    expect(describePrinterFault('paused')).toBe('paused: press the pause button on the printer');
    expect(describePrinterFault('no-status-reply')).toBe('not answering: check that it is on and connected');
    expect(describePrinterFault('')).toBe('');
  });
});
