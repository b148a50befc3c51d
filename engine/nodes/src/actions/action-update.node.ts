import { lifecycleStage } from '@trellis/journey';
import { z } from 'zod';
import { defineActionNode } from '../define-action-node';
import { traitKey, traitMap } from './trait-key';

const json: z.ZodType<unknown> = z.union([z.string().max(10_000), z.number().finite(), z.boolean(), z.array(z.unknown()).max(1000), z.record(z.string(), z.unknown())]);

export const actionUpdateConfig = z
  .strictObject({
    set: traitMap(json).default({}).describe('Traits to set, e.g. { "tier": "gold" }.'),
    increment: traitMap(z.number().finite()).default({}).describe('Numbers to add to traits, e.g. { "points": 50 }; a missing trait starts at 0.'),
    unset: z.array(traitKey).max(50).default([]).describe('Traits to remove.'),
    lifecycleStage: lifecycleStage.optional().describe('Move the contact to this lifecycle stage: intro → growth → mature → decline.'),
  })
  .refine((config) => Object.keys(config.set).length + Object.keys(config.increment).length + config.unset.length > 0 || config.lifecycleStage, {
    message: 'change at least one trait or the lifecycle stage',
    path: ['set'],
  })
  .superRefine((config, context) => {
    const seen = new Set<string>();
    for (const key of [...Object.keys(config.set), ...Object.keys(config.increment), ...config.unset]) {
      if (seen.has(key)) context.addIssue({ code: 'custom', path: ['set'], message: `"${key}" is changed twice; set, increment or unset it once` });
      seen.add(key);
    }
  });
export type ActionUpdateConfig = z.infer<typeof actionUpdateConfig>;

export const actionUpdateNode = defineActionNode({
  type: 'action.update',
  title: 'Update contact',
  description: 'Sets or increments traits (points, tier) and moves the contact through the lifecycle.',
  icon: 'user-cog',
  config: actionUpdateConfig,
  ports: ['next'],
  async execute(config, { workspaceId, contactId, idempotencyKey, services }) {
    const change = { set: config.set, increment: config.increment, unset: config.unset, ...(config.lifecycleStage ? { lifecycleStage: config.lifecycleStage } : {}) };
    const after = await services.contacts.updateProfile(workspaceId, contactId, change, idempotencyKey);
    return { output: { ...after } };
  },
});
