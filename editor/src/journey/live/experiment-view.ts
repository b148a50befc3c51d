import type { ArmCount, ArmResult, ExperimentResult } from '@trellis/journey';

/** The 97.5th percentile of the standard normal distribution, as the API's test uses. */
const z975 = 1.959963984540054;

/**
 * The 95% Wilson score interval of one arm's conversion rate: unlike the plain normal interval
 * it stays inside [0, 1] and does not collapse to a point at 0 or 100%, which small arms hit.
 */
export function wilsonInterval(conversions: number, contacts: number, z = z975): [number, number] | null {
  if (contacts <= 0) return null;
  const p = conversions / contacts;
  const z2 = z * z;
  const denominator = 1 + z2 / contacts;
  const centre = (p + z2 / (2 * contacts)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / contacts + z2 / (4 * contacts * contacts))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** One bar of the chart, in percent: the rate, and how far the interval reaches below and above it. */
export interface ArmBar {
  arm: string;
  control: boolean;
  holdout: boolean;
  contacts: number;
  /** Percent; null without contacts (no bar). */
  ratePercent: number | null;
  /** [below, above] the rate, in percent, as recharts' ErrorBar takes it. */
  errorPercent: [number, number] | null;
  intervalPercent: [number, number] | null;
}

export function armBars(result: ExperimentResult): ArmBar[] {
  return result.arms.map((arm) => {
    const interval = wilsonInterval(arm.conversions, arm.contacts);
    const rate = arm.rate;
    return {
      arm: arm.id,
      control: arm.control,
      holdout: arm.holdout,
      contacts: arm.contacts,
      ratePercent: rate === null ? null : rate * 100,
      errorPercent: rate === null || !interval ? null : [(rate - interval[0]) * 100, (interval[1] - rate) * 100],
      intervalPercent: interval ? [interval[0] * 100, interval[1] * 100] : null,
    };
  });
}

/** Why an arm cannot be compared yet, as data the panel words in the reader's language. */
export interface DataShortfall {
  arm: string;
  kind: 'contacts' | 'conversions' | 'nonConversions';
  have: number;
  need: number;
}

function shortfallOf(arm: ArmCount, minimums: ExperimentResult['minimums']): DataShortfall | undefined {
  if (arm.contacts < minimums.minContacts) return { arm: arm.id, kind: 'contacts', have: arm.contacts, need: minimums.minContacts };
  if (arm.conversions < minimums.minOutcomes) return { arm: arm.id, kind: 'conversions', have: arm.conversions, need: minimums.minOutcomes };
  const nonConversions = arm.contacts - arm.conversions;
  if (nonConversions < minimums.minOutcomes) return { arm: arm.id, kind: 'nonConversions', have: nonConversions, need: minimums.minOutcomes };
  return undefined;
}

/**
 * What an arm's comparison with the control is still waiting for, checked in the order the API
 * checks (control first), so the sentence matches the API's English `reason`; undefined once the
 * comparison has enough data.
 */
export function shortfall(arm: ArmResult, result: ExperimentResult): DataShortfall | undefined {
  if (!arm.comparison || arm.comparison.enoughData) return undefined;
  const control = result.arms.find((candidate) => candidate.control);
  return (control && shortfallOf(control, result.minimums)) ?? shortfallOf(arm, result.minimums);
}

/** Whether any comparison of the split has a result yet. */
export function hasVerdict(result: ExperimentResult): boolean {
  return result.arms.some((arm) => arm.comparison?.enoughData === true);
}
