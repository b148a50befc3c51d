import { createWorkspace, eventually } from '@trellis/devstack/test/harness';
import { JourneyStack, publishJourney, startJourneyStack } from '@trellis/devstack/test/journey-stack';
import { startWecomFake, WecomFake } from '@trellis/devstack/test/fake-providers';


/**
 * A WeCom message waits for its staff member to send it: the follow-up workflow looks again on
 * durable timers. On a test server of its own: its clock is skipped by hand, to just past the
 * follow-up's first look, with nothing else in flight.
 */
describe('WeCom follow-up: queued messages and group posts are settled from WeCom’s send results', () => {
  let stack: JourneyStack;
  let env: JourneyStack['env'];
  let api: JourneyStack['api'];
  let wecom: WecomFake;
  const wecomAccount = { corpId: 'ww00112233445566ff', secret: 'wecom-customer-contact-secret' };

  beforeAll(async () => {
    stack = await startJourneyStack('wecom-follow-up');
    ({ env, api } = stack);
    wecom = await startWecomFake(wecomAccount);
  });

  afterAll(async () => {
    await wecom?.close();
    await stack?.close();
  });


  it('queues a WeCom message for its staff member and records it sent once WeCom says they sent it', async () => {
    const { client } = await createWorkspace(api.url);
    await client.patch('/v1/workspaces/current', { webhookAllowedHosts: ['127.0.0.1'] });
    expect((await client.put('/v1/channels/wecom', { ...wecomAccount, baseUrl: wecom.url })).body).toMatchObject({ configured: true, secretsSet: ['secret'] });
    await client.post('/v1/message-templates', { key: 'welcome', name: 'Welcome', bodies: { wecom: { text: '欢迎加入茶语会员 🍵' } } });
    await publishJourney(client, {
      name: 'WeCom welcome',
      nodes: [
        { id: 'in', type: 'trigger.event', config: { event: 'befriended' } },
        { id: 'hello', type: 'action.message', config: { channel: 'wecom', template: 'welcome', category: 'service' } },
        { id: 'out', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'in', port: 'next', to: 'hello' },
        { from: 'hello', port: 'next', to: 'out' },
      ],
    });
    await client.post('/v1/contacts', { userId: 'qin', wecom: 'wmQIN', wecomOwner: 'xiaowang' });
    // Time stays locked while the send is in flight: no waiting on results, which lets the test
    // server skip to the follow-up's timer mid-activity.
    const tracked = await client.post('/v1/events', { userId: 'qin', event: 'befriended' });
    expect(tracked.body.enrolled).toHaveLength(1);
    const queued = await eventually('the message queued for its staff member', async () => {
      const [message] = (await client.get('/v1/contacts/qin/timeline')).body.messages;
      return message?.status === 'queued' ? message : undefined;
    });
    expect(queued).toMatchObject({ status: 'queued', to: 'wmQIN' });
    expect(wecom.calls.find((call) => call.path.endsWith('add_msg_template'))!.fields).toMatchObject({ sender: 'xiaowang', external_userid: ['wmQIN'], text: { content: '欢迎加入茶语会员 🍵' } });

    // Xiaowang confirms it in WeCom; the follow-up looks again after ten minutes (skipped by hand:
    // skipped while its activity runs, the activity would time out on the test server's clock).
    wecom.setSendStatus('wmQIN', 1);
    await env.sleep(10 * 60_000 + 1000);
    await eventually('the follow-up to see it sent', async () => (await client.get('/v1/contacts/qin/timeline')).body.messages[0].status === 'sent');
    expect(await env.client.workflow.getHandle(`queued:${queued.id}`).result()).toBe('sent');
    expect((await client.get('/v1/contacts/qin/timeline')).body.messages[0]).toMatchObject({ status: 'sent', sentAt: new Date(1_800_000_000_000).toISOString() });
  });

  it('makes one post for a customer group that several contacts’ journeys reach, and settles all of them from it', async () => {
    const { client } = await createWorkspace(api.url);
    await client.patch('/v1/workspaces/current', { webhookAllowedHosts: ['127.0.0.1'] });
    await client.put('/v1/channels/wecom', { ...wecomAccount, baseUrl: wecom.url });
    wecom.addGroup('wrTEA', 'xiaoli');
    await client.post('/v1/message-templates', { key: 'salon', name: 'Salon', bodies: { wecom: { text: '本周六下午三点，茶会见 🍵' } } });
    await publishJourney(client, {
      name: 'Group salon',
      nodes: [
        { id: 'in', type: 'trigger.event', config: { event: 'joined_tea_group' } },
        { id: 'post', type: 'action.message', config: { channel: 'wecom_group', groupId: 'wrTEA', template: 'salon', category: 'content' } },
        { id: 'out', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'in', port: 'next', to: 'post' },
        { from: 'post', port: 'next', to: 'out' },
      ],
    });
    const members = ['zhao', 'qian', 'sun'];
    for (const userId of members) await client.post('/v1/contacts', { userId });
    await Promise.all(members.map((userId) => client.post('/v1/events', { userId, event: 'joined_tea_group' })));
    const queued = await Promise.all(
      members.map((userId) =>
        eventually(`${userId}'s send to join the post`, async () => {
          const [message] = (await client.get(`/v1/contacts/${userId}/timeline`)).body.messages;
          return message?.status === 'queued' && message.via ? message : undefined;
        }),
      ),
    );
    expect(new Set(queued.map((message) => message.postId)).size).toBe(1);
    expect(queued[0]).toMatchObject({ channel: 'wecom_group', to: 'wrTEA', via: 'xiaoli' });
    const posts = wecom.calls.filter((call) => call.path.endsWith('add_msg_template') && call.fields.chat_type === 'group');
    expect(posts.map((call) => call.fields)).toEqual([{ chat_type: 'group', chat_id_list: ['wrTEA'], sender: 'xiaoli', allow_select: false, text: { content: '本周六下午三点，茶会见 🍵' } }]);

    // Xiaoli posts it; the post's follow-up, ten minutes on, records it sent for all three.
    wecom.setSendStatus('wrTEA', 1);
    await env.sleep(10 * 60_000 + 1000);
    for (const userId of members) {
      await eventually(`${userId}'s send to be settled from the post`, async () => (await client.get(`/v1/contacts/${userId}/timeline`)).body.messages[0].status === 'sent');
    }
    expect(await env.client.workflow.getHandle(`post:${queued[0].postId}`).result()).toBe('sent');
  });
});
