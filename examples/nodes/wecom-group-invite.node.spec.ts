import { HttpRequest, inMemoryServices, runNode } from '@trellis/nodes';
import wecomGroupInviteNode from './wecom-group-invite.node';

const config = { relayUrl: 'https://wecom-relay.example.com/cgi-bin', chatIds: ['wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA'], template: 'group-invite' };
const qrCode = 'https://wework.qpic.cn/wwpic/qr-123';

/** The relay answering as WeCom does. */
function wecom(overrides: Record<string, unknown> = {}) {
  return (request: HttpRequest) => {
    const method = request.url.split('/').pop()!;
    const answers: Record<string, unknown> = {
      add_join_way: { errcode: 0, errmsg: 'ok', config_id: 'cfg-9' },
      get_join_way: { errcode: 0, errmsg: 'ok', join_way: { config_id: 'cfg-9', scene: 2, qr_code: qrCode } },
      ...overrides,
    };
    return { status: 200, body: answers[method] };
  };
}

describe('acme.wecomGroupInvite', () => {
  it('creates a join way, saves its QR code on the contact and sends it 1:1', async () => {
    const services = inMemoryServices({}, wecom());
    const { output } = await runNode(wecomGroupInviteNode, { config, contact: 'alice', services, idempotencyKey: 'wf/invite/1' });
    expect(services.requests.map((request) => request.url)).toEqual([
      'https://wecom-relay.example.com/cgi-bin/externalcontact/groupchat/add_join_way',
      'https://wecom-relay.example.com/cgi-bin/externalcontact/groupchat/get_join_way',
    ]);
    expect(JSON.parse(services.requests[0]!.body!)).toMatchObject({ scene: 2, chat_id_list: config.chatIds });
    expect(JSON.parse(services.requests[1]!.body!)).toEqual({ config_id: 'cfg-9' });
    expect(services.profileOf('alice')?.traits).toEqual({ wecom_group_qr: qrCode });
    expect(services.sent).toEqual([expect.objectContaining({ channel: 'wecom', template: 'group-invite', contactId: 'alice', idempotencyKey: 'wf/invite/1' })]);
    expect(output).toEqual({ configId: 'cfg-9', qrCode, messageId: 'wf/invite/1', status: 'sent' });
  });

  it('reuses a configured join way', async () => {
    const services = inMemoryServices({}, wecom());
    await runNode(wecomGroupInviteNode, { config: { ...config, configId: 'cfg-existing' }, services });
    expect(services.requests.map((request) => JSON.parse(request.body!))).toEqual([{ config_id: 'cfg-existing' }]);
  });

  it('retries a busy WeCom and gives up on a refusal', async () => {
    const busy = inMemoryServices({}, wecom({ add_join_way: { errcode: -1, errmsg: 'system busy' } }));
    await expect(runNode(wecomGroupInviteNode, { config, services: busy })).rejects.not.toMatchObject({ name: 'NonRetryableActionError' });
    const refused = inMemoryServices({}, wecom({ add_join_way: { errcode: 40050, errmsg: 'chatid not exist' } }));
    await expect(runNode(wecomGroupInviteNode, { config, services: refused })).rejects.toMatchObject({ name: 'NonRetryableActionError', message: /40050/ });
    expect(refused.sent).toEqual([]);
  });

  it('waits when the message is held back by quiet hours', async () => {
    const services = inMemoryServices({}, wecom(), () => ({ status: 'deferred', retryAtMs: 1_000, reason: 'quietHours' }));
    await expect(runNode(wecomGroupInviteNode, { config, services })).resolves.toMatchObject({ defer: { untilMs: 1_000, reason: 'quietHours' } });
  });

  it.each([
    [{ ...config, chatIds: [] }, /name the group chat/],
    [{ ...config, chatIds: ['a', 'b', 'c', 'd', 'e', 'f'] }, /at most 5/],
    [{ ...config, template: '' }, /pick a message template/],
  ])('rejects the config %j', async (bad, message) => {
    await expect(runNode(wecomGroupInviteNode, { config: bad })).rejects.toThrow(message);
  });
});
