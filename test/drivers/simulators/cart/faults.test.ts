import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultSpecError, parseFaults } from '../../../../drivers/simulators/cart/faults.ts';

describe('cart simulator fault spec', () => {
  it('parses every fault kind', () => {
    expect(parseFaults('leadoff=v2@2+3,leadoff=RA@1,noise=0.5@3+1,drop=0.01,corrupt=0.001,unplug@4+2,stall@6')).toEqual([
      { kind: 'leadoff', electrode: 'V2', atS: 2, forS: 3 },
      { kind: 'leadoff', electrode: 'RA', atS: 1, forS: Infinity },
      { kind: 'noise', amplitudeMv: 0.5, atS: 3, forS: 1 },
      { kind: 'drop', rate: 0.01 },
      { kind: 'corrupt', rate: 0.001 },
      { kind: 'unplug', atS: 4, forS: 2 },
      { kind: 'stall', atS: 6, forS: 1 },
    ]);
    expect(parseFaults('')).toEqual([]);
  });

  it('anything else is a FaultSpecError', () => {
    for (const bad of ['leadoff=XX@1', 'drop=2', 'drop', 'unplug', 'noise@1', 'stall@x']) expect(() => parseFaults(bad), bad).toThrow(FaultSpecError);
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parseFaults(s);
        } catch (e) {
          expect(e).toBeInstanceOf(FaultSpecError);
        }
      }),
    );
  });
});
