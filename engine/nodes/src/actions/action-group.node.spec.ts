import { inMemoryServices, runActionNode } from '../testing/node-harness';
import { actionGroupNode } from './action-group.node';

describe('action.group', () => {
  it('invites the contact into a customer group, passing the idempotency key', async () => {
    const services = inMemoryServices({ li: [] });
    const result = await runActionNode(actionGroupNode, { operation: 'invite', groupId: 'new-members' }, { contactId: 'li', idempotencyKey: 'wf/g/1', services });
    expect(services.memberships).toEqual([{ workspaceId: 'ws-test', contactId: 'li', idempotencyKey: 'wf/g/1', operation: 'invite', groupId: 'new-members' }]);
    expect(result.output).toEqual({ operation: 'invite', groupId: 'new-members', status: 'invited' });
  });

  it('removes the contact from a group', async () => {
    const services = inMemoryServices({ li: [] });
    const result = await runActionNode(actionGroupNode, { operation: 'remove', groupId: 'trial-group' }, { contactId: 'li', services });
    expect(result.output).toEqual({ operation: 'remove', groupId: 'trial-group', status: 'removed' });
  });

  it.each([
    [{ operation: 'kick', groupId: 'x' }, /operation/],
    [{ operation: 'invite', groupId: ' ' }, /groupId: pick a customer group/],
    [{ operation: 'invite' }, /groupId/],
  ])('rejects the config %j', async (config, message) => {
    await expect(runActionNode(actionGroupNode, config, { services: inMemoryServices() })).rejects.toThrow(message);
  });

  it('fails clearly where the runtime has no group service yet', async () => {
    const { contacts } = inMemoryServices({ li: [] });
    await expect(runActionNode(actionGroupNode, { operation: 'invite', groupId: 'g' }, { services: { contacts } })).rejects.toThrow('action.group needs the "groups" service');
  });
});
