import { compareProportions, experimentResult } from './experiment';

const arm = (id: string, contacts: number, conversions: number, holdout = false) => ({ id, holdout, contacts, conversions });

/** A small seeded generator, so the coverage check below is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('compareProportions', () => {
  it('gives the difference, its 95% interval and the z-test p-value (checked against a reference computation)', () => {
    const doubled = compareProportions(arm('b', 1000, 200), arm('a', 1000, 100));
    expect(doubled.enoughData).toBe(true);
    if (!doubled.enoughData) return;
    expect(doubled.difference).toBeCloseTo(0.1, 12);
    expect(doubled.interval[0]).toBeCloseTo(0.06901024838477192, 9);
    expect(doubled.interval[1]).toBeCloseTo(0.13098975161522808, 9);
    expect(doubled.pValue).toBeCloseTo(3.794791883144989e-10, 15);
    expect(doubled.significant).toBe(true);

    const close = compareProportions(arm('b', 1000, 112), arm('a', 1000, 100));
    if (!close.enoughData) throw new Error('expected enough data');
    expect(close.interval[0]).toBeCloseTo(-0.014977535512596889, 9);
    expect(close.pValue).toBeCloseTo(0.3833966925145822, 6);
    expect(close.significant).toBe(false);
  });

  it('says "not enough data yet" below the documented minimums, naming the arm', () => {
    expect(compareProportions(arm('b', 99, 20), arm('a', 1000, 100))).toEqual({ enoughData: false, reason: 'not enough data yet: arm "b" has 99 contacts; at least 100 are needed' });
    expect(compareProportions(arm('b', 500, 3), arm('a', 1000, 100))).toMatchObject({ enoughData: false, reason: expect.stringContaining('3 conversions') });
    expect(compareProportions(arm('b', 500, 498), arm('a', 1000, 100))).toMatchObject({ enoughData: false, reason: expect.stringContaining('2 contacts who did not convert') });
  });

  it('covers the true difference in about 95% of repeated experiments', () => {
    const random = seeded(20261124);
    const trials = 1000;
    let covered = 0;
    for (let trial = 0; trial < trials; trial++) {
      const convert = (rate: number, contacts: number) => Array.from({ length: contacts }, () => random() < rate).filter(Boolean).length;
      const result = compareProportions(arm('b', 1000, convert(0.2, 1000)), arm('a', 1000, convert(0.1, 1000)));
      if (result.enoughData && result.interval[0] <= 0.1 && 0.1 <= result.interval[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.97);
  });
});

describe('experimentResult', () => {
  it('compares every arm with the holdout when there is one', () => {
    const result = experimentResult([arm('a', 400, 40), arm('b', 400, 80), arm('hold', 200, 20, true)]);
    expect(result.method).toBe('two-proportion z-test');
    expect(result.arms.map((each) => [each.id, each.control, each.rate, each.comparison?.enoughData])).toEqual([
      ['a', false, 0.1, true],
      ['b', false, 0.2, true],
      ['hold', true, 0.1, undefined],
    ]);
  });

  it('compares with the first arm without a holdout, and gives no rate to an empty arm', () => {
    const result = experimentResult([arm('a', 0, 0), arm('b', 10, 1)]);
    expect(result.arms[0]).toMatchObject({ control: true, rate: null });
    expect(result.arms[1]!.comparison).toMatchObject({ enoughData: false });
  });
});
