import { lifecycleStage } from '@trellis/journey';
import { z } from 'zod';
import { defineNode } from '../define-node';
import { traitKey, traitMap, traitValue } from './trait-key';

export const actionUpdateConfig = z
  .strictObject({
    set: traitMap(traitValue).default({}).describe('Traits to set, e.g. { "tier": "gold" }.'),
    increment: traitMap(z.number().finite()).default({}).describe('Numbers to add to traits, e.g. { "points": 50 }; a missing trait starts at 0.'),
    unset: z.array(traitKey).max(50).default([]).describe('Traits to remove.'),
    lifecycleStage: lifecycleStage.optional().describe('Move the contact to this lifecycle stage: intro → growth → mature → decline.'),
  })
  .refine((config) => Object.keys(config.set).length + Object.keys(config.increment).length + config.unset.length > 0 || config.lifecycleStage, {
    message: 'change at least one trait or the lifecycle stage',
    path: ['set'],
  })
  .superRefine((config, context) => {
    // One update may not touch a field twice (MongoDB refuses it), and the intent would be unclear.
    const changes = [
      ...Object.keys(config.set).map((key) => ({ key, path: ['set', key] })),
      ...Object.keys(config.increment).map((key) => ({ key, path: ['increment', key] })),
      ...config.unset.map((key, index) => ({ key, path: ['unset', index] })),
    ];
    const seen = new Set<string>();
    for (const { key, path } of changes) {
      if (seen.has(key)) context.addIssue({ code: 'custom', path, message: `"${key}" is changed twice; set, increment or unset it once` });
      seen.add(key);
    }
  });
export type ActionUpdateConfig = z.infer<typeof actionUpdateConfig>;

export const actionUpdateNode = defineNode({
  type: 'action.update',
  title: 'Update contact',
  description: 'Sets or increments traits (points, tier) and moves the contact through the lifecycle.',
  icon: 'user-cog',
  config: actionUpdateConfig,
  ports: ['next'],
  local: true,
  async execute(config, { workspaceId, contactId, idempotencyKey, services }) {
    const change = { set: config.set, increment: config.increment, unset: config.unset, ...(config.lifecycleStage ? { lifecycleStage: config.lifecycleStage } : {}) };
    const after = await services.contacts.updateProfile(workspaceId, contactId, change, idempotencyKey);
    return { output: { ...after } };
  },
});
