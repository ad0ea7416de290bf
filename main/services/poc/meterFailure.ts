/**
 * Why a meter download failed, in a medical assistant's words: what happened, that nothing was
 * imported, and what to do; the driver's own text (step, frames, E1381 retry rule) follows as the
 * technical detail (common/poc/technicalDetail.ts), for whoever looks after the station. Every
 * failure of poc.meter.download goes through here, so none reaches a screen as a protocol message.
 */
import { StationError } from '../../../common/errors.ts';
import { withTechnicalDetail } from '../../../common/poc/technicalDetail.ts';
import { PocError } from './pocService.ts';

/** How many times in a row the data came damaged, as the driver reported it (ASTM frames, OneTouch dumps). */
function timesInARow(message: string): string {
  const n = /(\d+) frames in a row|\((\d+) attempts\)/.exec(message);
  const count = n?.[1] ?? n?.[2];
  return count === undefined ? 'again and again' : `${count} times in a row`;
}

function wordsFor(code: string, message: string): string {
  switch (code) {
    case 'meter-checksum':
      return `The meter's data arrived damaged ${timesInARow(message)}; nothing was imported. Check the cable and try again.`;
    case 'meter-protocol':
      return "The station could not understand what the meter sent; nothing was imported. Check that the station's meter is the one connected, then try again.";
    case 'meter-timeout':
      return 'The meter did not answer, or stopped sending; nothing was imported. Check that the meter is switched on, set to send its readings, and connected by its cable, then try again.';
    case 'meter-disconnected':
    case 'transport-disconnected':
    case 'transport-timeout':
      return 'The connection to the meter was lost during the download; nothing was imported. Check the cable, then try again.';
    case 'address':
      return "The meter's address in the station's settings is not valid; nothing was downloaded. Ask whoever looks after the station to correct it.";
    default:
      // Opening the port failed (no such device, in use, no permission) or something unforeseen.
      return "The station could not reach the meter; nothing was downloaded. Check that the meter's cable is plugged into this PC, then try again. If it fails again, ask whoever looks after the station.";
  }
}

/** The refusal poc.meter.download answers for a failed download: plain words, the driver's text as the detail. */
export function meterDownloadFailure(e: unknown): PocError {
  const code = e instanceof StationError ? e.code : ((e as { code?: unknown } | null)?.code as string | undefined);
  const codeText = typeof code === 'string' && code !== '' ? code : 'download-failed';
  const message = e instanceof Error ? e.message : String(e);
  const pocCode = codeText.startsWith('meter-') ? codeText : codeText === 'address' ? 'meter-address' : codeText === 'transport-disconnected' || codeText === 'transport-timeout' ? 'meter-disconnected' : 'meter-unreachable';
  return new PocError(pocCode, withTechnicalDetail(wordsFor(codeText, message), `${codeText}: ${message}`));
}
