import { testMongoUri } from '@trellis/devstack/test/harness';
import { FakeProvider, startJpushFake, startTwilioFake, startWecomFake, WecomFake } from '@trellis/devstack/test/fake-providers';
import { MessageRequest } from '@trellis/nodes';
import { Connection, Types } from 'mongoose';
import { guardedHttp } from '../src/http/guarded-http';
import { pushChannel } from '../src/messages/channels/push-channel';
import { smsChannel } from '../src/messages/channels/sms-channel';
import { wecomChannels } from '../src/messages/channels/wecom-channels';
import { messageSender } from '../src/messages/message-sender';
import { bumpMessagingConfig } from '../src/messages/workspace-messaging';
import { channels } from '@trellis/journey';
import { defaultChannels } from '../src/worker/create-worker';
import { connectMongo } from '../src/store/connect';
import { runtimeModels, RuntimeModels } from '../src/store/models';

const twilio = { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'twilio-auth-token-0123456789' };
const jpush = { appKey: '0123456789abcdef01234567', masterSecret: 'jpush-master-secret' };
const wecom = { corpId: 'ww0123456789abcdef', secret: 'wecom-customer-contact-secret' };
const noon = Date.parse('2026-11-23T04:00:00Z');

/** SMS (Twilio), push (JPush) and WeCom (1:1, customer groups, Moments) through the send path, against local servers that check each request's documented format. */
describe('provider channels: SMS, push and WeCom over HTTP', () => {
  let mongo: Connection;
  let models: RuntimeModels;
  let sms: FakeProvider;
  let push: FakeProvider;
  let wecomServer: WecomFake;
  let sender: ReturnType<typeof messageSender>;
  let workspaceId: string;
  let seq = 0;

  beforeAll(async () => {
    mongo = await connectMongo(testMongoUri('provider-channels'));
    models = runtimeModels(mongo);
    await Promise.all(Object.values(models).map((model) => model.init()));
    [sms, push, wecomServer] = await Promise.all([startTwilioFake(twilio), startJpushFake(jpush), startWecomFake(wecom)]);
    // The fakes are on this machine: allow-listed, as an intranet gateway would be.
    const http = guardedHttp({ allowedHosts: async () => ['127.0.0.1'] });
    sender = messageSender({ models, channels: [smsChannel({ http, timeoutMs: 1_000 }), pushChannel({ http }), ...wecomChannels({ http })], publicUrl: 'https://trellis.example' });
  });

  afterAll(async () => {
    await Promise.all([sms?.close(), push?.close(), wecomServer?.close()]);
    await mongo?.dropDatabase();
    await mongo?.close();
  });

  beforeEach(async () => {
    workspaceId = new Types.ObjectId().toHexString();
    await models.channelConfigs.insertMany([
      { _id: `${workspaceId}:sms`, workspaceId, kind: 'sms', config: { ...twilio, provider: 'twilio', from: '+8613900000000', baseUrl: sms.url } },
      { _id: `${workspaceId}:push`, workspaceId, kind: 'push', config: { ...jpush, provider: 'jpush', production: false, baseUrl: push.url } },
      { _id: `${workspaceId}:wecom`, workspaceId, kind: 'wecom', config: { ...wecom, defaultSender: 'frontdesk', baseUrl: wecomServer.url } },
    ]);
    await models.messageTemplates.create({
      _id: `${workspaceId}:coupon`,
      workspaceId,
      key: 'coupon',
      name: 'Coupon',
      version: 1,
      bodies: {
        sms: { text: '【茶语】{{ contact.traits.name }}，您的新人券已到账' },
        push: { title: '新人券', body: '{{ contact.traits.name }}，您的新人券已到账', url: 'teahouse://coupons/{{ contact.userId }}' },
        wecom: {
          text: '{{ contact.traits.name }}，您的新人券已到账 🎁',
          attachments: [
            { type: 'link', title: '领取新人券', url: 'https://tea.example/coupon?u={{ contact.userId }}', description: '7 天内有效', imageUrl: 'https://tea.example/coupon.png' },
            { type: 'miniprogram', title: '茶语小程序', appId: 'wx0123456789abcdef', page: 'pages/coupon?u={{ contact.userId }}', imageMediaId: 'MEDIA_COVER' },
            { type: 'image', mediaId: 'MEDIA_POSTER' },
          ],
        },
      },
    });
  });

  async function contact(userId: string, phone: string, over: Record<string, unknown> = {}): Promise<string> {
    const doc = await models.contacts.create({ workspaceId, externalId: userId, identities: [{ kind: 'user', value: userId }, { kind: 'phone', value: phone }], traits: { name: '小美' }, ...over });
    return String(doc._id);
  }

  const request = (contactId: string, over: Partial<MessageRequest> = {}): MessageRequest => ({
    workspaceId,
    contactId,
    idempotencyKey: `wf-${++seq}/send/1`,
    channel: 'sms',
    template: 'coupon',
    category: 'promo',
    whenCapped: 'skip',
    nowMs: noon,
    finalAttempt: false,
    firstRun: false,
    ...over,
  });

  it('texts the rendered SMS, opt-out line included, in Twilio’s format with a callback for delivery', async () => {
    const sending = request(await contact('mei', '+8613800138000'));
    expect(await sender.send(sending)).toMatchObject({ status: 'sent' });
    const [call] = sms.calls.slice(-1);
    expect(call!.violations).toEqual([]);
    expect(call!.fields).toEqual({
      To: '+8613800138000',
      From: '+8613900000000',
      Body: '【茶语】小美，您的新人券已到账 拒收请回复T',
      StatusCallback: `https://trellis.example/v1/channels/sms/status/${encodeURIComponent(sending.idempotencyKey)}`,
    });
    const logged = await models.messageSends.findById(sending.idempotencyKey).lean();
    expect(logged).toMatchObject({ status: 'sent', to: '+8613800138000', provider: { messageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued' } });
    // A service text goes as written.
    await sender.send(request(sending.contactId, { category: 'service' }));
    expect(sms.calls.at(-1)!.fields.Body).toBe('【茶语】小美，您的新人券已到账');
  });

  it('records a refusal by its meaning: a STOP withdraws consent, a bad number is suppressed, 5xx and hangs are retried', async () => {
    const stopped = await contact('stop', '+8613800000001');
    sms.answer('+8613800000001', { status: 400, body: { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 } });
    expect(await sender.send(request(stopped))).toMatchObject({ status: 'failed', reason: 'opted_out' });
    expect((await models.contacts.findById(stopped).lean())!.subscriptions).toEqual({ sms: 'unsubscribed' });
    expect(await sender.send(request(stopped))).toMatchObject({ status: 'skipped', reason: 'no_consent' });

    const landline = await contact('landline', '+8601000000002');
    sms.answer('+8601000000002', { status: 400, body: { code: 21614, message: 'not a valid mobile number', status: 400 } });
    expect(await sender.send(request(landline))).toMatchObject({ status: 'failed', reason: 'invalid_address' });
    expect(await sender.send(request(landline, { category: 'service' }))).toMatchObject({ status: 'skipped', reason: 'suppressed' });

    const busy = await contact('busy', '+8613800000003');
    sms.answer('+8613800000003', { status: 503, body: { message: 'try later' } });
    const retried = request(busy);
    await expect(sender.send(retried)).rejects.toThrow(/answered 503/);
    sms.answer('+8613800000003', 'hang');
    await expect(sender.send(retried)).rejects.toThrow(/did not answer within 1 s/);
    sms.answer('+8613800000003', undefined);
    expect(await sender.send(retried)).toMatchObject({ status: 'sent' });
    const history = (await models.messageSends.findById(retried.idempotencyKey).lean())!.history.map((turn) => turn.status);
    expect(history).toEqual(['sending', 'retrying', 'sending', 'retrying', 'sending', 'sent']);
  });

  it('pushes to the contact’s user id as the JPush alias on Android and iOS, and skips a contact without a device', async () => {
    const sending = request(await contact('mei-app', '+8613800000004'), { channel: 'push' });
    expect(await sender.send(sending)).toMatchObject({ status: 'sent' });
    const [call] = push.calls.slice(-1);
    expect(call!.violations).toEqual([]);
    expect(call!.fields).toEqual({
      platform: 'all',
      audience: { alias: ['mei-app'] },
      notification: {
        alert: '小美，您的新人券已到账',
        android: { alert: '小美，您的新人券已到账', title: '新人券', extras: { trellisSend: sending.idempotencyKey, url: 'teahouse://coupons/mei-app' } },
        ios: { alert: { title: '新人券', body: '小美，您的新人券已到账' }, sound: 'default', extras: { trellisSend: sending.idempotencyKey, url: 'teahouse://coupons/mei-app' } },
      },
      options: { apns_production: false, time_to_live: 86_400 },
    });
    expect(await models.messageSends.findById(sending.idempotencyKey).lean()).toMatchObject({ status: 'sent', to: 'mei-app', provider: { messageId: expect.any(String), sendno: '0' } });

    push.answer('ghost', { status: 400, body: { error: { code: 1011, message: 'cannot find user by this audience' } } });
    expect(await sender.send(request(await contact('ghost', '+8613800000005'), { channel: 'push' }))).toMatchObject({ status: 'failed', reason: 'no_device' });
  });

  it('queues a WeCom 1:1 message for the staff member who owns the contact, in WeCom’s format, with a fresh token when the old one expires', async () => {
    const owned = await contact('mei-wecom', '+8613800000008', { identities: [{ kind: 'user', value: 'mei-wecom' }, { kind: 'wecom', value: 'wmAAA111' }], wecomOwner: 'xiaowang' });
    const sending = request(owned, { channel: 'wecom' });
    expect(await sender.send(sending)).toMatchObject({ status: 'queued' });
    const call = wecomServer.calls.at(-1)!;
    expect(call.violations).toEqual([]);
    expect(call.fields).toEqual({
      chat_type: 'single',
      external_userid: ['wmAAA111'],
      sender: 'xiaowang',
      allow_select: false,
      text: { content: '小美，您的新人券已到账 🎁' },
      attachments: [
        { msgtype: 'link', link: { title: '领取新人券', url: 'https://tea.example/coupon?u=mei-wecom', desc: '7 天内有效', picurl: 'https://tea.example/coupon.png' } },
        { msgtype: 'miniprogram', miniprogram: { title: '茶语小程序', pic_media_id: 'MEDIA_COVER', appid: 'wx0123456789abcdef', page: 'pages/coupon?u=mei-wecom' } },
        { msgtype: 'image', image: { media_id: 'MEDIA_POSTER' } },
      ],
    });
    expect(await models.messageSends.findById(sending.idempotencyKey).lean()).toMatchObject({ status: 'queued', to: 'wmAAA111', via: 'xiaowang', provider: { messageId: expect.stringMatching(/^msg/) } });
    const tokenFetches = () => wecomServer.calls.filter((received) => received.path === '/cgi-bin/gettoken').length;
    const fetched = tokenFetches();

    // Without an owner, the default sender sends; an expired token is replaced once, transparently.
    wecomServer.expireTokens();
    const unowned = await contact('lan-wecom', '+8613800000009', { identities: [{ kind: 'user', value: 'lan-wecom' }, { kind: 'wecom', value: 'wmBBB222' }] });
    expect(await sender.send(request(unowned, { channel: 'wecom' }))).toMatchObject({ status: 'queued' });
    expect(wecomServer.calls.at(-1)!.fields.sender).toBe('frontdesk');
    expect(tokenFetches()).toBe(fetched + 1);
    expect(await sender.send(request(unowned, { channel: 'wecom' }))).toMatchObject({ status: 'queued' });
    expect(tokenFetches()).toBe(fetched + 1);

    // A customer who is not the sender's friend is in WeCom's fail_list: failed, with the reason.
    wecomServer.answer('wmCCC333', { status: 200, body: { errcode: 0, errmsg: 'ok', fail_list: ['wmCCC333'], msgid: 'msgX' } });
    const stranger = await contact('stranger', '+8613800000010', { identities: [{ kind: 'wecom', value: 'wmCCC333' }], wecomOwner: 'xiaowang' });
    expect(await sender.send(request(stranger, { channel: 'wecom' }))).toMatchObject({ status: 'failed', reason: 'not_reachable' });
    wecomServer.answer('wmDDD444', { status: 200, body: { errcode: -1, errmsg: 'system busy' } });
    const busy = await contact('busy-wecom', '+8613800000011', { identities: [{ kind: 'wecom', value: 'wmDDD444' }], wecomOwner: 'xiaowang' });
    await expect(sender.send(request(busy, { channel: 'wecom' }))).rejects.toThrow(/errcode -1: system busy/);
    // Later, WeCom tells whether the staff member sent it: still waiting, then sent.
    expect(await sender.settle(workspaceId, sending.idempotencyKey, false)).toBe('queued');
    wecomServer.setSendStatus('wmAAA111', 1);
    expect(await sender.settle(workspaceId, sending.idempotencyKey, false)).toBe('sent');
    expect(await models.messageSends.findById(sending.idempotencyKey).lean()).toMatchObject({ status: 'sent', sentAt: new Date(1_800_000_000_000) });
    expect(await sender.settle(workspaceId, sending.idempotencyKey, false)).toBe('gone');
    // Never sent by its staff member: after the last look, failed as not confirmed; a full WeCom quota says so.
    const waiting = (await models.messageSends.find({ workspaceId, to: 'wmBBB222', status: 'queued' }).lean()).map((send) => send._id);
    expect(await sender.settle(workspaceId, waiting[0]!, true)).toBe('failed');
    wecomServer.setSendStatus('wmBBB222', 3);
    expect(await sender.settle(workspaceId, waiting[1]!, false)).toBe('failed');
    expect((await models.messageSends.find({ workspaceId, to: 'wmBBB222' }).lean()).map((send) => send.reason).sort()).toEqual(['not_confirmed', 'wecom_limit']);
    // A contact WeCom cannot reach at all: no external_userid.
    expect(await sender.send(request(await contact('no-wecom', '+8613800000012'), { channel: 'wecom' }))).toMatchObject({ status: 'skipped', reason: 'no_address' });
  });

  it('posts in a customer group once per node and day, however many contacts reach the node, and settles every contact’s send from the one post', async () => {
    await models.messageTemplates.create([
      { _id: `${workspaceId}:salon`, workspaceId, key: 'salon', name: 'Salon', version: 3, bodies: { wecom: { text: '本周茶会：周六下午三点 🍵', attachments: [{ type: 'link', title: '报名', url: 'https://tea.example/salon' }] } } },
    ]);
    wecomServer.addGroup('wrGROUP1', 'xiaowang');
    const members = await Promise.all(['a', 'b', 'c', 'd'].map((name, index) => contact(`member-${name}`, `+861380000010${index}`)));
    const origin = { journeyId: 'journey-1', nodeId: 'post' };
    const groupPost = (contactId: string, over: Partial<MessageRequest> = {}) => request(contactId, { channel: 'wecom_group', groupId: 'wrGROUP1', template: 'salon', origin, ...over });
    const postCalls = () => wecomServer.calls.filter((call) => call.path.endsWith('add_msg_template') && call.fields.chat_type === 'group');

    // Four contacts reach the node at once: one post, by the group's owner, in WeCom's format.
    const requests = members.map((member) => groupPost(member));
    expect(await Promise.all(requests.map((each) => sender.send(each)))).toEqual(requests.map((each) => ({ messageId: each.idempotencyKey, status: 'queued' })));
    expect(postCalls()).toHaveLength(1);
    expect(postCalls()[0]!.violations).toEqual([]);
    expect(postCalls()[0]!.fields).toEqual({
      chat_type: 'group',
      chat_id_list: ['wrGROUP1'],
      sender: 'xiaowang',
      allow_select: false,
      text: { content: '本周茶会：周六下午三点 🍵' },
      attachments: [{ msgtype: 'link', link: { title: '报名', url: 'https://tea.example/salon' } }],
    });
    const postId = `${workspaceId}/journey-1/post/wecom_group/wrGROUP1/2026-11-23`;
    expect(await models.messagePosts.findById(postId).lean()).toMatchObject({ status: 'queued', to: 'wrGROUP1', via: 'xiaowang', templateVersion: 3, provider: { messageId: expect.stringMatching(/^msg/) } });
    const joined = await Promise.all(requests.map(async (each) => (await models.messageSends.findById(each.idempotencyKey).lean())!));
    expect(joined.map((send) => [send.status, send.postId, send.to, send.via])).toEqual(requests.map(() => ['queued', postId, 'wrGROUP1', 'xiaowang']));

    // A retried activity answers from its record; the next day, and another node, post again.
    expect(await sender.send({ ...requests[0]!, firstRun: false })).toMatchObject({ status: 'queued' });
    expect(postCalls()).toHaveLength(1);
    await sender.send(groupPost(members[0]!, { nowMs: noon + 86_400_000 }));
    await sender.send(groupPost(members[0]!, { origin: { journeyId: 'journey-1', nodeId: 'reminder' } }));
    expect(postCalls()).toHaveLength(3);

    // The owner sends it: the post and all four contacts' sends are sent.
    expect(await sender.settle(workspaceId, postId, false, 'post')).toBe('queued');
    wecomServer.setSendStatus('wrGROUP1', 1);
    expect(await sender.settle(workspaceId, postId, false, 'post')).toBe('sent');
    expect((await models.messageSends.find({ postId }).lean()).map((send) => send.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(await models.messagePosts.findById(postId).lean()).toMatchObject({ status: 'sent', sentAt: new Date(1_800_000_000_000) });

    // WeCom busy: the post is not made, the activity retries; whichever attempt comes next makes it.
    wecomServer.addGroup('wrBUSY', 'xiaowang');
    wecomServer.answer('wrBUSY', { status: 200, body: { errcode: -1, errmsg: 'system busy' } });
    await expect(sender.send(groupPost(members[1]!, { groupId: 'wrBUSY' }))).rejects.toThrow(/system busy/);
    wecomServer.answer('wrBUSY', undefined);
    expect(await sender.send(groupPost(members[2]!, { groupId: 'wrBUSY' }))).toMatchObject({ status: 'queued' });
    const busyPost = await models.messagePosts.findById(`${workspaceId}/journey-1/post/wecom_group/wrBUSY/2026-11-23`).lean();
    expect(busyPost!.history.map((turn) => turn.status)).toEqual(['sending', 'retrying', 'sending', 'queued']);

    // A group WeCom does not know fails the post and its contact's send, with the reason.
    expect(await sender.send(groupPost(members[1]!, { groupId: 'wrNOPE' }))).toMatchObject({ status: 'failed', reason: 'not_reachable' });
    // A template that reads the contact cannot go out to a group (publishing refuses it; a send fails).
    const personal = await sender.send(groupPost(members[2]!, { template: 'coupon', origin: { journeyId: 'journey-1', nodeId: 'coupon' } }));
    expect(personal).toMatchObject({ status: 'failed', reason: 'render_error' });
    expect((await models.messageSends.findById(personal.messageId).lean())!.error).toMatch(/wecom.text: a group post is seen by many people: it cannot use "contact"/);
  });

  it('posts on each staff member’s Moments once per node and day, for their own customers', async () => {
    await models.messageTemplates.create({ _id: `${workspaceId}:launch`, workspaceId, key: 'launch', name: 'Launch', version: 1, bodies: { wecom: { text: '秋季新茶上架', attachments: [{ type: 'image', mediaId: 'MEDIA_1' }, { type: 'image', mediaId: 'MEDIA_2' }] } } });
    const owners = ['xiaowang', 'xiaowang', 'xiaoli'];
    const customers = await Promise.all(owners.map((owner, index) => contact(`fan-${index}`, `+861380000020${index}`, { wecomOwner: owner })));
    const moments = (contactId: string) => request(contactId, { channel: 'wecom_moments', template: 'launch', origin: { journeyId: 'journey-2', nodeId: 'moments' } });
    const receipts = await Promise.all(customers.map((customer) => sender.send(moments(customer))));
    expect(receipts.map((receipt) => receipt.status)).toEqual(['queued', 'queued', 'queued']);
    const tasks = wecomServer.calls.filter((call) => call.path.endsWith('add_moment_task'));
    expect(tasks.map((call) => call.violations)).toEqual([[], []]);
    expect(tasks.map((call) => call.fields).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      ['xiaoli', 'xiaowang'].map((staff) => ({
        text: { content: '秋季新茶上架' },
        attachments: [
          { msgtype: 'image', image: { media_id: 'MEDIA_1' } },
          { msgtype: 'image', image: { media_id: 'MEDIA_2' } },
        ],
        visible_range: { sender_list: { user_list: [staff] } },
      })),
    );

    // Xiaowang publishes it; Xiaoli has not yet: only Xiaowang's customers' sends are sent.
    const postOf = (staff: string) => `${workspaceId}/journey-2/moments/wecom_moments/${staff}/2026-11-23`;
    expect(await sender.settle(workspaceId, postOf('xiaowang'), false, 'post')).toBe('queued');
    wecomServer.publishMoments('xiaowang');
    expect(await sender.settle(workspaceId, postOf('xiaowang'), false, 'post')).toBe('sent');
    expect(await sender.settle(workspaceId, postOf('xiaoli'), false, 'post')).toBe('queued');
    const statuses = await Promise.all(receipts.map(async (receipt) => (await models.messageSends.findById(receipt.messageId).lean())!.status));
    expect(statuses).toEqual(['sent', 'sent', 'queued']);
  });

  it('sends on every channel a journey can name', () => {
    expect(defaultChannels(mongo).map((channel) => channel.channel).sort()).toEqual([...channels].sort());
  });

  it('refuses wrong credentials for good, and a provider inside the network unless allow-listed', async () => {
    await models.channelConfigs.updateOne({ _id: `${workspaceId}:sms` }, { $set: { 'config.authToken': 'not-the-right-token-00' } });
    await bumpMessagingConfig(models.messagingPolicies, workspaceId);
    const refused = await sender.send(request(await contact('li', '+8613800000006')));
    expect(refused).toMatchObject({ status: 'failed', reason: 'provider_auth' });

    const guarded = messageSender({ models, channels: [smsChannel({ http: guardedHttp() })], publicUrl: 'https://trellis.example' });
    const blocked = await guarded.send(request(await contact('wu', '+8613800000007')));
    expect(blocked).toMatchObject({ status: 'failed', reason: 'blocked' });
    expect((await models.messageSends.findById(blocked.messageId).lean())!.error).toMatch(/127\.0\.0\.1/);
  });
});
