import { errorFunction } from 'simple-statistics';

/** One arm of a split as counted: contacts assigned to it, and how many of them reached the goal. */
export interface ArmCount {
  id: string;
  holdout: boolean;
  contacts: number;
  conversions: number;
}

/**
 * Below these, the normal approximation the test relies on is not trustworthy, and an early
 * "winner" is mostly noise: every arm compared needs at least `minContacts` contacts and at
 * least `minOutcomes` conversions and as many non-conversions (the usual n·p ≥ 5 rule).
 */
export const experimentMinimums = { minContacts: 100, minOutcomes: 5 } as const;

/** The 97.5th percentile of the standard normal distribution: a two-sided 95% interval. */
const z975 = 1.959963984540054;

export interface ArmResult extends ArmCount {
  /** conversions / contacts, or null with no contacts. */
  rate: number | null;
  /** The arm the others are compared with: the holdout if there is one, else the first arm. */
  control: boolean;
  /** Against the control; absent for the control itself. */
  comparison?: ArmComparison;
}

export type ArmComparison =
  | { enoughData: false; reason: string }
  | {
      enoughData: true;
      /** rate − control rate (absolute, e.g. 0.05 = five percentage points). */
      difference: number;
      /** 95% confidence interval of the difference (Wald, unpooled standard error). */
      interval: [number, number];
      /** Two-sided p-value of the two-proportion z-test (pooled standard error). */
      pValue: number;
      /** p < 0.05: the interval excludes zero. */
      significant: boolean;
    };

export interface ExperimentResult {
  method: 'two-proportion z-test';
  minimums: typeof experimentMinimums;
  arms: ArmResult[];
}

/** P(Z ≤ z) for the standard normal distribution. */
function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

function shortOfData(arm: ArmCount): string | undefined {
  const { minContacts, minOutcomes } = experimentMinimums;
  if (arm.contacts < minContacts) return `arm "${arm.id}" has ${arm.contacts} contacts; at least ${minContacts} are needed`;
  if (arm.conversions < minOutcomes) return `arm "${arm.id}" has ${arm.conversions} conversions; at least ${minOutcomes} are needed`;
  if (arm.contacts - arm.conversions < minOutcomes) return `arm "${arm.id}" has ${arm.contacts - arm.conversions} contacts who did not convert; at least ${minOutcomes} are needed`;
  return undefined;
}

/** One arm against the control: the difference of rates with its 95% interval, and the z-test's p-value. */
export function compareProportions(arm: ArmCount, control: ArmCount): ArmComparison {
  const short = shortOfData(control) ?? shortOfData(arm);
  if (short) return { enoughData: false, reason: `not enough data yet: ${short}` };
  const p1 = arm.conversions / arm.contacts;
  const p0 = control.conversions / control.contacts;
  const difference = p1 - p0;
  const unpooled = Math.sqrt((p1 * (1 - p1)) / arm.contacts + (p0 * (1 - p0)) / control.contacts);
  const pooledRate = (arm.conversions + control.conversions) / (arm.contacts + control.contacts);
  const pooled = Math.sqrt(pooledRate * (1 - pooledRate) * (1 / arm.contacts + 1 / control.contacts));
  const z = pooled === 0 ? 0 : difference / pooled;
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  return { enoughData: true, difference, interval: [difference - z975 * unpooled, difference + z975 * unpooled], pValue, significant: pValue < 0.05 };
}

/**
 * A split's arms compared with its control (the holdout, else the first arm), each with its
 * rate, the difference from the control, a 95% confidence interval and a two-sided p-value — or
 * "not enough data yet" while an arm is below `experimentMinimums`.
 */
export function experimentResult(arms: readonly ArmCount[]): ExperimentResult {
  const control = arms.find((arm) => arm.holdout) ?? arms[0];
  return {
    method: 'two-proportion z-test',
    minimums: experimentMinimums,
    arms: arms.map((arm) => ({
      ...arm,
      rate: arm.contacts ? arm.conversions / arm.contacts : null,
      control: arm === control,
      ...(arm === control || !control ? {} : { comparison: compareProportions(arm, control) }),
    })),
  };
}
