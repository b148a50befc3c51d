import { z } from 'zod';
import { requireService } from '../define-action-node';
import { defineNode } from '../define-node';

export const actionGroupConfig = z.strictObject({
  operation: z.enum(['invite', 'remove']).describe('Invite the contact into the group, or remove them from it.'),
  groupId: z.string().trim().min(1, 'pick a customer group').max(200).describe('The WeCom customer group.'),
});
export type ActionGroupConfig = z.infer<typeof actionGroupConfig>;

export const actionGroupNode = defineNode({
  type: 'action.group',
  title: 'Customer group',
  description: 'Invites the contact into a WeCom customer group, or removes them, e.g. from the new-member group to the active one.',
  icon: 'users',
  config: actionGroupConfig,
  ports: ['next'],
  async execute(config, { workspaceId, contactId, idempotencyKey, services }) {
    const result = await requireService(services, 'groups', 'action.group').changeMembership({ workspaceId, contactId, idempotencyKey, ...config });
    return { output: { ...config, ...result } };
  },
});
