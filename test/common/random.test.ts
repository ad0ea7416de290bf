import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../common/random.ts';

describe('mulberry32', () => {
  it('is reproducible from its seed, differs between seeds, and stays in [0, 1)', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    const c = mulberry32(6);
    let same = 0;
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      if (x === c()) same++;
    }
    expect(same).toBeLessThan(5);
  });
});
