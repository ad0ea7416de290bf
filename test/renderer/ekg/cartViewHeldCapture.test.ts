import { describe, expect, it } from 'vitest';
import { heldCaptureEnded } from '../../../renderer/ekg/cartView.ts';

// main/app/station.ts heldBy: Capture refused while another session's capture holds the cart.
const PREVIOUS = { code: 'ekg-capture-in-progress', message: 'An EKG is being captured for the previous operator of this window. Wait until that capture has finished.' };
const OTHER_WINDOW = { code: 'ekg-capture-in-progress', message: 'An EKG is being captured in another window. Wait until that capture has finished.' };
const AUTO_OTHER = { code: 'ekg-capture-in-progress', message: 'Auto-capture is on in another window, for another patient or operator. It must be turned off there first.' };

describe('a refused Capture once the capture that held the cart has ended (cart.captured)', () => {
  it('says the EKG was stored for the previous operator, not "wait" (a tester read it for a minute after it was stored)', () => {
    expect(heldCaptureEnded(PREVIOUS, { trigger: 'manual', ekgId: 12 })).toBe('The capture for the previous operator of this window has finished and its EKG was stored for the previous operator. You can capture now.');
    expect(heldCaptureEnded(OTHER_WINDOW, { trigger: 'manual', ekgId: 12 })).toBe('The capture in another window has finished and its EKG was stored for the patient it was taken for. You can capture now.');
    expect(heldCaptureEnded(PREVIOUS, { trigger: 'manual', ekgId: null })).toBe('The capture for the previous operator of this window has finished and no EKG could be stored from it. You can capture now.');
    expect(heldCaptureEnded(AUTO_OTHER, { trigger: 'auto', ekgId: 3 })).toBe('The auto-capture in another window has finished and its EKG was stored for the patient it was taken for. You can capture now.');
  });

  it('leaves other refusals, and a refusal by the other kind of capture, as they are', () => {
    expect(heldCaptureEnded(AUTO_OTHER, { trigger: 'manual', ekgId: 3 })).toBeNull();
    expect(heldCaptureEnded(PREVIOUS, { trigger: 'auto', ekgId: 3 })).toBeNull();
    expect(heldCaptureEnded({ code: 'ekg-cart-shared', message: 'The live cart is also open in another window, for another patient.' }, { trigger: 'manual', ekgId: 3 })).toBeNull();
    expect(heldCaptureEnded({ code: 'ekg-capture-in-progress', message: 'A capture is already running.' }, { trigger: 'manual', ekgId: 3 })).toBeNull();
  });
});
