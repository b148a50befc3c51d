import { portsOf } from '@trellis/journey';
import { inMemoryServices, runActionNode } from '../testing/node-harness';
import { actionMessageNode } from './action-message.node';

describe('action.message', () => {
  it('sends the template on the channel with its category and the idempotency key', async () => {
    const services = inMemoryServices({ li: [] });
    const result = await runActionNode(actionMessageNode, { channel: 'wecom', template: 'welcome' }, { contactId: 'li', idempotencyKey: 'wf/welcome/1', nowMs: 5, services });
    expect(services.sent).toEqual([
      { workspaceId: 'ws-test', contactId: 'li', idempotencyKey: 'wf/welcome/1', channel: 'wecom', template: 'welcome', category: 'content', whenCapped: 'skip', nowMs: 5, finalAttempt: false, firstRun: false },
    ]);
    expect(result.output).toEqual({ messageId: 'wf/welcome/1', status: 'sent', channel: 'wecom', template: 'welcome', category: 'content' });
  });

  it('asks to run again when the send is held back, keeping its reason', async () => {
    const services = inMemoryServices({ li: [] }, undefined, () => ({ status: 'deferred', reason: 'quiet_hours', retryAtMs: 42 }));
    const result = await runActionNode(actionMessageNode, { channel: 'sms', template: 'x', whenCapped: 'defer' }, { contactId: 'li', services });
    expect(services.sent[0]?.whenCapped).toBe('defer');
    expect(result).toEqual({ defer: { untilMs: 42, reason: 'quiet_hours' } });
  });

  it('takes "sent" or "notSent" when asked to split on the outcome, and "next" otherwise', async () => {
    const outcomes = { a: { status: 'sent' }, b: { status: 'queued' }, c: { status: 'skipped', reason: 'no_consent' }, d: { status: 'failed', reason: 'provider_rejected' } } as const;
    const services = inMemoryServices({ li: [] }, undefined, (request) => outcomes[request.template as keyof typeof outcomes]);
    const portOf = async (template: string, splitOnOutcome: boolean) => (await runActionNode(actionMessageNode, { channel: 'sms', template, splitOnOutcome }, { idempotencyKey: template, services })).port;
    expect(await Promise.all(['a', 'b', 'c', 'd'].map((template) => portOf(template, true)))).toEqual(['sent', 'sent', 'notSent', 'notSent']);
    expect(await portOf('c', false)).toBeUndefined();
    expect(portsOf(actionMessageNode.ports, actionMessageNode.config.parse({ channel: 'sms', template: 'x', splitOnOutcome: true }))).toEqual(['sent', 'notSent']);
    expect(portsOf(actionMessageNode.ports, actionMessageNode.config.parse({ channel: 'sms', template: 'x' }))).toEqual(['next']);
  });

  it('posts to a customer group only with a group id', async () => {
    const services = inMemoryServices({ li: [] });
    await runActionNode(actionMessageNode, { channel: 'wecom_group', template: 'weekly-tips', groupId: 'grp-1', category: 'content' }, { contactId: 'li', services });
    expect(services.sent[0]?.groupId).toBe('grp-1');
    await expect(runActionNode(actionMessageNode, { channel: 'wecom_group', template: 'x' }, { services })).rejects.toThrow(/groupId: a customer-group post needs a groupId/);
    await expect(runActionNode(actionMessageNode, { channel: 'sms', template: 'x', groupId: 'grp-1' }, { services })).rejects.toThrow(/groupId/);
  });

  it.each([
    [{ channel: 'fax', template: 'x' }, /channel/],
    [{ channel: 'sms', template: '' }, /pick a message template/],
    [{ channel: 'sms', template: 'x', category: 'spam' }, /category/],
    [{ channel: 'sms', template: 'x', sendWindow: { start: '10:00', end: '10:00' } }, /sendWindow.end/],
  ])('rejects the config %j', async (config, message) => {
    await expect(runActionNode(actionMessageNode, config, { services: inMemoryServices() })).rejects.toThrow(message);
  });

  it('fails clearly where the runtime has no message service yet', async () => {
    const { contacts } = inMemoryServices({ li: [] });
    await expect(runActionNode(actionMessageNode, { channel: 'sms', template: 'x' }, { services: { contacts } })).rejects.toThrow('action.message needs the "messages" service');
  });
});
