import { z } from 'zod';
import { requireService } from '../define-action-node';
import { defineNode } from '../define-node';

export const actionEnrollConfig = z.strictObject({
  journeyId: z.string().trim().min(1, 'pick the journey to send the contact into').max(100).describe('The journey to enrol the contact in (its own entry rules apply).'),
});
export type ActionEnrollConfig = z.infer<typeof actionEnrollConfig>;

export const actionEnrollNode = defineNode({
  type: 'action.enroll',
  title: 'Enrol in journey',
  description: 'Sends the contact into another journey, e.g. from onboarding into the membership ladder.',
  icon: 'route',
  config: actionEnrollConfig,
  ports: ['next'],
  async execute(config, { workspaceId, contactId, idempotencyKey, services }) {
    const result = await requireService(services, 'journeys', 'action.enroll').enroll({ workspaceId, contactId, idempotencyKey, journeyId: config.journeyId });
    return { output: { journeyId: config.journeyId, ...result } };
  },
});
