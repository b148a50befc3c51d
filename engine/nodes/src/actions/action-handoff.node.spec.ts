import { describeNode, portsOf } from '@trellis/journey';
import { inMemoryServices, runActionNode } from '../testing/node-harness';
import { actionEnrollNode } from './action-enroll.node';
import { actionGroupNode } from './action-group.node';
import { actionHandoffNode } from './action-handoff.node';

describe('action.handoff', () => {
  it('creates a task for an operator and moves on', async () => {
    const services = inMemoryServices({ li: [] });
    const result = await runActionNode(actionHandoffNode, { title: 'Call about the upgrade', queue: 'vip', priority: 'high' }, { contactId: 'li', idempotencyKey: 'wf/h/1', services });
    expect([...services.createdTasks.values()]).toEqual([{ contactId: 'li', title: 'Call about the upgrade', priority: 'high' }]);
    expect(result).toEqual({ output: { taskId: 'task-wf/h/1' } });
  });

  it('can hold the contact until the task is resolved, with ports to match', async () => {
    const config = { title: 'Call', waitForResolution: { timeout: { amount: 2, unit: 'days' } } };
    const result = await runActionNode(actionHandoffNode, config, { contactId: 'li', idempotencyKey: 'k', services: inMemoryServices({ li: [] }) });
    expect(result.waitFor).toEqual({
      event: 'task_resolved',
      where: { kind: 'field', path: 'properties.taskId', op: 'eq', value: 'task-k' },
      timeout: { amount: 2, unit: 'days' },
      port: 'resolved',
      timeoutPort: 'timedOut',
    });
    const { ports } = describeNode(actionHandoffNode);
    expect(portsOf(ports, config)).toEqual(['resolved', 'timedOut']);
    expect(portsOf(ports, { title: 'Call' })).toEqual(['next']);
    expect(actionHandoffNode.listensTo?.(actionHandoffNode.config.parse(config))).toEqual(['task_resolved']);
  });
});

describe('action.group and action.enroll', () => {
  it('invite to and remove from a customer group', async () => {
    const services = inMemoryServices({ li: [] });
    const result = await runActionNode(actionGroupNode, { operation: 'invite', groupId: 'new-members' }, { contactId: 'li', services });
    expect(services.memberships).toEqual([{ contactId: 'li', groupId: 'new-members', operation: 'invite' }]);
    expect(result.output).toEqual({ operation: 'invite', groupId: 'new-members', status: 'invited' });
    await expect(runActionNode(actionGroupNode, { operation: 'kick', groupId: 'x' }, { services })).rejects.toThrow(/operation/);
  });

  it('send the contact into another journey', async () => {
    const services = inMemoryServices({ li: [] });
    expect((await runActionNode(actionEnrollNode, { journeyId: 'ladder' }, { contactId: 'li', services })).output).toEqual({ journeyId: 'ladder', enrolled: true });
    expect(services.enrolments).toEqual([{ contactId: 'li', journeyId: 'ladder' }]);
    await expect(runActionNode(actionEnrollNode, { journeyId: '' }, { services })).rejects.toThrow(/pick the journey/);
  });
});
