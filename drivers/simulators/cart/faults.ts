import { StationError } from '../../../common/errors.ts';
import { ELECTRODES, type Electrode } from '../../protocols/cart/types.ts';

/**
 * Faults the SIMULATED cart injects. Times are seconds of stream time (since the first START).
 *   leadoff=LA@2+3   electrode LA off from 2 s for 3 s (no +duration: stays off)
 *   noise=0.5@3+1    0.5 mV (peak) broadband noise on every channel from 3 s for 1 s
 *   drop=0.01        each frame dropped with probability 0.01
 *   corrupt=0.001    each sent byte flipped with probability 0.001
 *   unplug@4+2       the cart disappears at 4 s for 2 s (port closed), then comes back idle
 *   stall@6+3        the cart freezes at 6 s for 3 s: port open, no frames
 */
export type Fault =
  | { readonly kind: 'leadoff'; readonly electrode: Electrode; readonly atS: number; readonly forS: number }
  | { readonly kind: 'noise'; readonly amplitudeMv: number; readonly atS: number; readonly forS: number }
  | { readonly kind: 'drop'; readonly rate: number }
  | { readonly kind: 'corrupt'; readonly rate: number }
  | { readonly kind: 'unplug'; readonly atS: number; readonly forS: number }
  | { readonly kind: 'stall'; readonly atS: number; readonly forS: number };

export class FaultSpecError extends StationError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'FaultSpecError';
  }
}

const NUM = '(\\d+(?:\\.\\d+)?)';
const WHEN = `@${NUM}(?:\\+${NUM})?`;

function rate(v: string, what: string): number {
  const r = Number(v);
  if (!(r >= 0 && r <= 1)) throw new FaultSpecError(`${what} rate must be between 0 and 1`);
  return r;
}

export function parseFaults(spec: string): Fault[] {
  if (spec.trim() === '') return [];
  return spec.split(',').map((item): Fault => {
    const s = item.trim();
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^leadoff=([A-Za-z0-9]+)${WHEN}$`).exec(s))) {
      const electrode = ELECTRODES.find((e) => e === m![1]!.toUpperCase());
      if (!electrode) throw new FaultSpecError(`unknown electrode '${m[1]}' (one of ${ELECTRODES.join(', ')})`);
      return { kind: 'leadoff', electrode, atS: Number(m[2]), forS: m[3] === undefined ? Infinity : Number(m[3]) };
    }
    if ((m = new RegExp(`^noise=${NUM}${WHEN}$`).exec(s))) return { kind: 'noise', amplitudeMv: Number(m[1]), atS: Number(m[2]), forS: Number(m[3] ?? '1') };
    if ((m = /^drop=([\d.]+)$/.exec(s))) return { kind: 'drop', rate: rate(m[1]!, 'drop') };
    if ((m = /^corrupt=([\d.]+)$/.exec(s))) return { kind: 'corrupt', rate: rate(m[1]!, 'corrupt') };
    if ((m = new RegExp(`^(unplug|stall)${WHEN}$`).exec(s))) return { kind: m[1] as 'unplug' | 'stall', atS: Number(m[2]), forS: Number(m[3] ?? '1') };
    throw new FaultSpecError(`cannot read fault '${s}' (leadoff=EL@T[+D], noise=MV@T[+D], drop=R, corrupt=R, unplug@T[+D], stall@T[+D])`);
  });
}

