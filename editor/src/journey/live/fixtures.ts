import type { ExperimentResult } from '@trellis/journey';
import type { JourneyStatsResponse } from './live-api';

const minimums = { minContacts: 100, minOutcomes: 5 } as const;

/** A welcome journey a week in: a trigger, a wait, a VIP branch, an A/B split with a holdout, messages, an exit. */
export const welcomeStats: JourneyStatsResponse = {
  journeyId: '6650a1b2c3d4e5f6a7b8c9d0',
  version: null,
  versions: [1, 2],
  period: { from: '2026-11-16', to: '2026-11-23' },
  journey: {
    enrolled: 1204,
    active: 412,
    exitedByReason: { completed: 640, goal: 118, holdout: 30, exitCriteria: 4 },
    goals: 151,
    conversionRate: 151 / 1204,
    timeToConvert: { median: 2.5 * 86_400_000, p90: 6 * 86_400_000, conversions: 151 },
  },
  nodes: [
    { id: 'signed-up', type: 'trigger.event', entered: 1204, reached: 1204, waiting: 0, ports: { next: 1204 }, exited: 0, errors: 0 },
    { id: 'wait-1d', type: 'wait.delay', entered: 1204, reached: 1204, waiting: 37, ports: { next: 1167 }, exited: 0, errors: 0 },
    { id: 'is-vip', type: 'branch.condition', entered: 1167, reached: 1167, waiting: 0, ports: { yes: 167, no: 1000 }, exited: 0, errors: 0 },
    { id: 'offer-split', type: 'branch.split', entered: 1000, reached: 1000, waiting: 0, ports: { a: 485, b: 485 }, exited: 30, errors: 0 },
    { id: 'send-a', type: 'message.wecom', entered: 485, reached: 485, waiting: 2, ports: { next: 480 }, exited: 0, errors: 3 },
    { id: 'send-b', type: 'message.wecom', entered: 485, reached: 485, waiting: 0, ports: { next: 485 }, exited: 0, errors: 0 },
    { id: 'done', type: 'exit', entered: 1132, reached: 1132, waiting: 0, ports: {}, exited: 758, errors: 0 },
    // A node only version 1 had: still counted, no type.
    { id: 'old-sms', type: null, entered: 12, reached: 12, waiting: 0, ports: { next: 12 }, exited: 0, errors: 0 },
  ],
  experiments: [
    {
      nodeId: 'offer-split',
      experimentId: 'welcome-offer',
      result: {
        method: 'two-proportion z-test',
        minimums,
        arms: [
          { id: 'a', holdout: false, contacts: 485, conversions: 58, rate: 58 / 485, control: false, comparison: { enoughData: true, difference: 58 / 485 - 3 / 30, interval: [-0.09, 0.13], pValue: 0.74, significant: false } },
          { id: 'b', holdout: false, contacts: 485, conversions: 90, rate: 90 / 485, control: false, comparison: { enoughData: true, difference: 90 / 485 - 3 / 30, interval: [-0.03, 0.2], pValue: 0.21, significant: false } },
          { id: 'holdout', holdout: true, contacts: 30, conversions: 3, rate: 0.1, control: true },
        ],
      },
    },
  ],
};

/** A split a day in: the control is short of contacts, so nothing is compared yet. */
export const youngSplit: ExperimentResult = {
  method: 'two-proportion z-test',
  minimums,
  arms: [
    { id: 'a', holdout: false, contacts: 40, conversions: 2, rate: 0.05, control: true },
    { id: 'b', holdout: false, contacts: 150, conversions: 3, rate: 0.02, control: false, comparison: { enoughData: false, reason: 'not enough data yet: arm "a" has 40 contacts; at least 100 are needed' } },
    { id: 'c', holdout: false, contacts: 0, conversions: 0, rate: null, control: false, comparison: { enoughData: false, reason: 'not enough data yet: arm "a" has 40 contacts; at least 100 are needed' } },
  ],
};
