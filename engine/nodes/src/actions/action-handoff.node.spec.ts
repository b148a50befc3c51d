import { describeNode, portsOf } from '@trellis/journey';
import { inMemoryServices, runActionNode } from '../testing/node-harness';
import { actionHandoffNode } from './action-handoff.node';

describe('action.handoff', () => {
  it('creates a task for an operator and moves on', async () => {
    const services = inMemoryServices({ li: [] });
    const sla = { firstResponse: { amount: 30, unit: 'minutes' } };
    const result = await runActionNode(actionHandoffNode, { title: 'Call about the upgrade', queue: 'vip', priority: 'high', sla }, { contactId: 'li', idempotencyKey: 'wf/h/1', nowMs: 7, services });
    expect([...services.createdTasks.values()]).toEqual([
      { workspaceId: 'ws-test', contactId: 'li', idempotencyKey: 'wf/h/1', nowMs: 7, sla, title: 'Call about the upgrade', queue: 'vip', priority: 'high' },
    ]);
    expect(result).toEqual({ output: { taskId: 'task-wf/h/1' } });
  });

  it('creates one task per visit, however often the activity is retried', async () => {
    const services = inMemoryServices({ li: [] });
    const first = await runActionNode(actionHandoffNode, { title: 'Call' }, { contactId: 'li', idempotencyKey: 'wf/h/1', services });
    const retried = await runActionNode(actionHandoffNode, { title: 'Call' }, { contactId: 'li', idempotencyKey: 'wf/h/1', services });
    expect(retried).toEqual(first);
    expect(services.createdTasks.size).toBe(1);
    expect(services.createdTasks.get('task-wf/h/1')?.priority).toBe('normal');
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
    expect(actionHandoffNode.listensTo?.(actionHandoffNode.config.parse({ title: 'Call' }))).toEqual([]);
  });

  it.each([
    [{}, /title/],
    [{ title: '  ' }, /say what the operator should do/],
    [{ title: 'Call', priority: 'asap' }, /priority/],
    [{ title: 'Call', waitForResolution: {} }, /waitForResolution.timeout/],
    [{ title: 'Call', waitForResolution: { timeout: { amount: 2, unit: 'fortnights' } } }, /waitForResolution.timeout.unit/],
  ])('rejects the config %j', async (config, message) => {
    await expect(runActionNode(actionHandoffNode, config, { services: inMemoryServices() })).rejects.toThrow(message);
  });

  it('fails clearly where the runtime has no task inbox yet', async () => {
    const { contacts } = inMemoryServices({ li: [] });
    await expect(runActionNode(actionHandoffNode, { title: 'Call' }, { services: { contacts } })).rejects.toThrow('action.handoff needs the "tasks" service');
  });
});
