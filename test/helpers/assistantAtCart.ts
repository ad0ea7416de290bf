import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { startCartSim, type CartSimProcess } from './cartSim.ts';
import { startTestStation, type RunningStation } from './station.ts';
import { openAsAssistantOn, registerPatient } from './uiSession.ts';

export interface AssistantAtCart {
  readonly sim: CartSimProcess;
  readonly st: RunningStation;
  readonly browser: Browser;
  readonly page: Page;
  /** Browser, station and simulator down, in that order. */
  close(): Promise<void>;
}

/**
 * The SIMULATED cart on a real socket playing `record` (with `faults`, drivers/simulators/cart/faults.ts),
 * a browser-host station on it, and an assistant signed in at `viewport` with a new patient selected.
 */
export async function assistantAtCart(o: {
  readonly record: string;
  readonly faults?: string;
  readonly viewport: { width: number; height: number };
  readonly patient: Parameters<typeof registerPatient>[1];
}): Promise<AssistantAtCart> {
  const sim = startCartSim({ record: o.record, port: 'tcp:0', ...(o.faults ? { faults: o.faults } : {}) });
  const st = await startTestStation({ cart: await sim.address });
  const browser = await launchChromium();
  const page = await openAsAssistantOn(st, browser, o.viewport);
  await registerPatient(page, o.patient);
  return {
    sim,
    st,
    browser,
    page,
    async close() {
      await browser.close();
      await st.close();
      await sim.kill();
    },
  };
}
