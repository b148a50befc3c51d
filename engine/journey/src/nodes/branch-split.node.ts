import { z } from 'zod';
import { defineNode } from '../node-definition';
import { portId, uniqueIds } from './branch-condition.node';

export const branchSplitConfig = z
  .strictObject({
    experimentId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, 'lower-case letters, digits, "-" or "_", e.g. "welcome-offer-2026"')
      .describe('Contacts keep their arm for as long as this id stays the same, across journey versions.'),
    arms: z
      .array(
        z.strictObject({
          id: portId,
          label: z.string().max(100).optional(),
          weight: z.number().min(0).max(100).describe('Share of contacts, in percent.'),
          holdout: z.boolean().default(false).describe('A holdout arm sends nothing: its contacts are only counted.'),
        }),
      )
      .min(2, 'a split needs at least two arms')
      .max(10),
  })
  .refine((config) => uniqueIds(config.arms), { message: 'each arm needs its own id', path: ['arms'] })
  .refine((config) => Math.abs(config.arms.reduce((sum, arm) => sum + arm.weight, 0) - 100) < 1e-9, {
    message: 'arm weights must add up to 100',
    path: ['arms'],
    params: { compileCode: 'split_weights' },
  })
  .refine((config) => config.arms.filter((arm) => arm.holdout).length <= 1, { message: 'a split has at most one holdout arm', path: ['arms'] })
  .refine((config) => config.arms.some((arm) => !arm.holdout), { message: 'at least one arm must not be a holdout', path: ['arms'] });
export type BranchSplitConfig = z.infer<typeof branchSplitConfig>;

export const branchSplitNode = defineNode({
  type: 'branch.split',
  category: 'branch',
  title: 'A/B split',
  description: 'Assigns each contact to an arm by weight, the same arm every time; a holdout arm is measured but sent nothing.',
  icon: 'shuffle',
  config: branchSplitConfig,
  ports: { fromList: 'arms', key: 'id', skipWhen: 'holdout' },
});
