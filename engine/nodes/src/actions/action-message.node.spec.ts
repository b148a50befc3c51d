import { inMemoryServices, runActionNode } from '../testing/node-harness';
import { actionMessageNode } from './action-message.node';

describe('action.message', () => {
  it('sends the template on the channel with its category and the idempotency key', async () => {
    const services = inMemoryServices({ li: [] });
    const result = await runActionNode(actionMessageNode, { channel: 'wecom', template: 'welcome' }, { contactId: 'li', idempotencyKey: 'wf/welcome/1', services });
    expect(services.sent).toEqual([{ workspaceId: 'ws-test', contactId: 'li', idempotencyKey: 'wf/welcome/1', channel: 'wecom', template: 'welcome', category: 'content' }]);
    expect(result.output).toEqual({ messageId: 'wf/welcome/1', status: 'sent', channel: 'wecom', template: 'welcome', category: 'content' });
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
