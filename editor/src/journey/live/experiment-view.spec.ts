import { welcomeStats, youngSplit } from './fixtures';
import { armBars, hasVerdict, shortfall, wilsonInterval } from './experiment-view';

describe('wilsonInterval', () => {
  it('matches the textbook value', () => {
    // 58 of 485: 12.0%, 95% Wilson interval 9.4% to 15.2%.
    const [low, high] = wilsonInterval(58, 485)!;
    expect(low).toBeCloseTo(0.0937, 3);
    expect(high).toBeCloseTo(0.1516, 3);
  });

  it('stays inside 0..1 and does not collapse at the edges', () => {
    const [low, high] = wilsonInterval(0, 20)!;
    expect(low).toBe(0);
    expect(high).toBeGreaterThan(0.1);
    expect(wilsonInterval(20, 20)![1]).toBe(1);
  });

  it('has none without contacts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('armBars', () => {
  it('gives each arm its rate and the reach of its interval below and above, in percent', () => {
    const [a, , holdout] = armBars(welcomeStats.experiments[0]!.result);
    expect(a).toMatchObject({ arm: 'a', control: false, contacts: 485 });
    expect(a!.ratePercent).toBeCloseTo(11.96, 2);
    const [below, above] = a!.errorPercent!;
    expect(a!.ratePercent! - below).toBeCloseTo(a!.intervalPercent![0], 9);
    expect(a!.ratePercent! + above).toBeCloseTo(a!.intervalPercent![1], 9);
    expect(holdout).toMatchObject({ arm: 'holdout', control: true, holdout: true, ratePercent: 10 });
  });

  it('draws no bar for an arm without contacts', () => {
    expect(armBars(youngSplit)[2]).toMatchObject({ arm: 'c', ratePercent: null, errorPercent: null, intervalPercent: null });
  });
});

describe('shortfall', () => {
  it('names what the comparison waits for, the control first, as the API does', () => {
    expect(shortfall(youngSplit.arms[1]!, youngSplit)).toEqual({ arm: 'a', kind: 'contacts', have: 40, need: 100 });
  });

  it('then the arm itself: conversions, then contacts who did not convert', () => {
    const control = { id: 'ctl', holdout: true, contacts: 200, conversions: 20, rate: 0.1, control: true };
    const short = { enoughData: false as const, reason: 'not enough data yet' };
    const result = { ...youngSplit, arms: [control, { id: 'x', holdout: false, contacts: 300, conversions: 4, rate: 4 / 300, control: false, comparison: short }, { id: 'y', holdout: false, contacts: 120, conversions: 117, rate: 117 / 120, control: false, comparison: short }] };
    expect(shortfall(result.arms[1]!, result)).toEqual({ arm: 'x', kind: 'conversions', have: 4, need: 5 });
    expect(shortfall(result.arms[2]!, result)).toEqual({ arm: 'y', kind: 'nonConversions', have: 3, need: 5 });
  });

  it('has nothing to say of the control or of a measured arm', () => {
    const { result } = welcomeStats.experiments[0]!;
    expect(result.arms.map((arm) => shortfall(arm, result))).toEqual([undefined, undefined, undefined]);
    expect(hasVerdict(result)).toBe(true);
    expect(hasVerdict(youngSplit)).toBe(false);
  });
});
