import { testMongoUri } from '@trellis/devstack/test/harness';
import { rawHeader, SmtpSink, startSmtpSink } from '@trellis/devstack/test/smtp-sink';
import { MessageRequest } from '@trellis/nodes';
import { Connection, Types } from 'mongoose';
import { emailChannel } from '../src/messages/channels/email-channel';
import { messageSender } from '../src/messages/message-sender';
import { readUnsubscribe } from '../src/messages/unsubscribe-token';
import { bumpMessagingConfig, workspaceMessaging } from '../src/messages/workspace-messaging';
import { connectMongo } from '../src/store/connect';
import { runtimeModels, RuntimeModels } from '../src/store/models';

// 2026-11-23 is a Monday. 12:00 UTC is 20:00 in Shanghai, 13:00 UTC is 21:00.
const evening = Date.parse('2026-11-23T12:00:00Z');
const night = Date.parse('2026-11-23T13:00:00Z');
const nextMorning = Date.parse('2026-11-24T00:00:00Z');

/** The send path against the real Mongo-compatible server and a real SMTP server on 127.0.0.1. */
describe('message sender: guardrails, rendering and email over SMTP', () => {
  let mongo: Connection;
  let models: RuntimeModels;
  let smtp: SmtpSink;
  let sender: ReturnType<typeof messageSender>;
  let workspaceId: string;
  let seq = 0;

  beforeAll(async () => {
    mongo = await connectMongo(testMongoUri('message-sender'));
    models = runtimeModels(mongo);
    await Promise.all(Object.values(models).map((model) => model.init()));
    smtp = await startSmtpSink();
    sender = messageSender({ models, channels: [emailChannel({ allowedHosts: async () => ['127.0.0.1'] })], publicUrl: 'https://trellis.example' });
  });

  afterAll(async () => {
    await sender?.close();
    await smtp?.close();
    await mongo?.dropDatabase();
    await mongo?.close();
  });

  beforeEach(async () => {
    workspaceId = new Types.ObjectId().toHexString();
    await models.channelConfigs.create({ _id: `${workspaceId}:email`, workspaceId, kind: 'email', config: { host: '127.0.0.1', port: smtp.port, from: 'Tea House <hi@tea.example>' } });
    await models.messageTemplates.create({
      _id: `${workspaceId}:autumn`,
      workspaceId,
      key: 'autumn',
      name: 'Autumn offer',
      version: 3,
      bodies: {
        email: {
          subject: '{{ contact.traits.firstName | default: "Friend" }}, autumn tea is here',
          html: '<html><body><p>Hi {{ contact.traits.firstName }}</p><a href="{{ unsubscribeUrl }}">unsubscribe</a></body></html>',
          preheader: '20% off for {{ contact.traits.firstName }}',
        },
      },
    });
    await models.messagingPolicies.updateOne(
      { _id: workspaceId },
      { $set: { policy: { caps: [{ id: 'daily', limit: 2, per: 'day' }], quietHours: { start: '21:00', end: '08:00' }, timezone: 'Asia/Shanghai', deferralExpiry: { amount: 24, unit: 'hours' }, killSwitch: false } } },
      { upsert: true },
    );
  });

  async function contact(email: string, over: Record<string, unknown> = {}): Promise<string> {
    const doc = await models.contacts.create({ workspaceId, externalId: email, identities: [{ kind: 'email', value: email }], traits: { firstName: 'Mei' }, timezone: 'Asia/Shanghai', ...over });
    return String(doc._id);
  }

  const request = (contactId: string, over: Partial<MessageRequest> = {}): MessageRequest => ({
    workspaceId,
    contactId,
    idempotencyKey: `wf-${++seq}/send/1`,
    channel: 'email',
    template: 'autumn',
    category: 'promo',
    whenCapped: 'skip',
    nowMs: evening,
    finalAttempt: false,
    firstRun: false,
    origin: { journeyId: 'j1', nodeId: 'send' },
    ...over,
  });
  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.envelopeTo.includes(address));

  it('renders the template for the contact and sends it once, with one-click unsubscribe headers, however often it is retried', async () => {
    const to = 'mei@tea.example';
    const sending = request(await contact(to));
    expect(await sender.send(sending)).toEqual({ messageId: sending.idempotencyKey, status: 'sent' });
    expect(await sender.send(sending)).toEqual({ messageId: sending.idempotencyKey, status: 'sent' });

    const [mail, ...more] = mailsTo(to);
    expect(more).toHaveLength(0);
    expect(mail).toMatchObject({ from: '"Tea House" <hi@tea.example>', to, subject: 'Mei, autumn tea is here' });
    expect(mail!.html).toContain('<p>Hi Mei</p>');
    expect(mail!.html).toMatch(/<body><div style="display:none[^"]*">20% off for Mei<\/div><p>/);
    const listUnsubscribe = rawHeader(mail!, 'List-Unsubscribe')!.replace(/^<|>$/g, '');
    expect(listUnsubscribe).toMatch(/^https:\/\/trellis\.example\/v1\/unsubscribe\//);
    expect(rawHeader(mail!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mail!.html).toContain(`href="${listUnsubscribe}"`);
    // The link names the contact, the channel and this send, signed with the workspace's key.
    const read = readUnsubscribe(listUnsubscribe.split('/').pop()!)!;
    expect(read.claim).toEqual({ workspaceId, contactId: sending.contactId, channel: 'email', sendId: sending.idempotencyKey });
    expect(read.signedWith((await workspaceMessaging(models.messagingPolicies, workspaceId)).signingKey)).toBe(true);
    expect(read.signedWith('another key')).toBe(false);

    const logged = await models.messageSends.findById(sending.idempotencyKey).lean();
    expect(logged).toMatchObject({ status: 'sent', to, templateVersion: 3, journeyId: 'j1', nodeId: 'send', capKeys: ['daily:2026-11-23'], sentAt: expect.any(Date) });
    expect(logged!.history.map((turn) => turn.status)).toEqual(['sending', 'sent']);
    expect(logged!.provider).toMatchObject({ messageId: expect.stringMatching(/^<.+>$/), accepted: 1 });
  });

  it('holds marketing in quiet hours until 08:00 local, then sends it under the same key; service messages go at once', async () => {
    const to = 'lan@tea.example';
    const contactId = await contact(to);
    const promo = request(contactId, { nowMs: night });
    expect(await sender.send(promo)).toEqual({ messageId: promo.idempotencyKey, status: 'deferred', reason: 'quiet_hours', retryAtMs: nextMorning });
    expect(mailsTo(to)).toHaveLength(0);
    expect(await sender.send({ ...promo, nowMs: nextMorning })).toMatchObject({ status: 'sent' });
    const logged = await models.messageSends.findById(promo.idempotencyKey).lean();
    expect(logged!.history.map((turn) => [turn.status, turn.reason ?? null])).toEqual([
      ['deferred', 'quiet_hours'],
      ['sending', null],
      ['sent', null],
    ]);
    expect(logged!.firstTriedAt.getTime()).toBe(night);

    expect(await sender.send(request(contactId, { nowMs: night, category: 'service' }))).toMatchObject({ status: 'sent' });
    expect(mailsTo(to)).toHaveLength(2);
    // Service mail carries no marketing unsubscribe header.
    expect(mailsTo(to)[1]!.raw).not.toContain('List-Unsubscribe');
  });

  it('lets exactly the cap through when sends race, and skips or defers the rest as each node says', async () => {
    const to = 'jun@tea.example';
    const contactId = await contact(to);
    const receipts = await Promise.all([1, 2, 3, 4, 5].map(() => sender.send(request(contactId))));
    expect(receipts.filter((receipt) => receipt.status === 'sent')).toHaveLength(2);
    expect(receipts.filter((receipt) => receipt.status === 'skipped').map((receipt) => receipt.reason)).toEqual(['cap:daily', 'cap:daily', 'cap:daily']);
    expect(mailsTo(to)).toHaveLength(2);
    // Held instead: until the day ends in Shanghai (16:00 UTC), within the 24-hour expiry.
    expect(await sender.send(request(contactId, { whenCapped: 'defer' }))).toMatchObject({ status: 'deferred', reason: 'cap:daily', retryAtMs: Date.parse('2026-11-23T16:00:00Z') });
  });

  it('skips with a reason code: withdrawn consent, an open hand-off, no address, the kill switch (and what it held back)', async () => {
    const unsubscribed = await contact('wu@tea.example', { subscriptions: { email: 'unsubscribed' } });
    expect(await sender.send(request(unsubscribed))).toMatchObject({ status: 'skipped', reason: 'no_consent' });
    expect(await sender.send(request(unsubscribed, { category: 'service' }))).toMatchObject({ status: 'sent' });
    expect(await sender.send(request(await contact('hu@tea.example', { openHandoffs: 1 })))).toMatchObject({ status: 'skipped', reason: 'handoff_open' });
    const phoneOnly = String((await models.contacts.create({ workspaceId, externalId: 'phone-only', identities: [{ kind: 'phone', value: '+8613800138000' }] }))._id);
    expect(await sender.send(request(phoneOnly))).toMatchObject({ status: 'skipped', reason: 'no_address' });

    const held = request(await contact('qin@tea.example'), { nowMs: night });
    expect(await sender.send(held)).toMatchObject({ status: 'deferred' });
    await models.messagingPolicies.updateOne({ _id: workspaceId }, { $set: { 'policy.killSwitch': true, killSwitchThrownAt: new Date(night + 3600_000) } });
    expect(await sender.send(request(await contact('zhao@tea.example')))).toMatchObject({ status: 'skipped', reason: 'paused' });
    // Released before the morning: what it held back stays dropped, a new send goes.
    await models.messagingPolicies.updateOne({ _id: workspaceId }, { $set: { 'policy.killSwitch': false } });
    expect(await sender.send({ ...held, nowMs: nextMorning })).toMatchObject({ status: 'skipped', reason: 'paused' });
    expect(await sender.send(request(await contact('xu@tea.example'), { nowMs: nextMorning }))).toMatchObject({ status: 'sent' });
    expect(smtp.received.filter((mail) => ['wu@tea.example', 'hu@tea.example', 'qin@tea.example', 'zhao@tea.example'].some((to) => mail.envelopeTo.includes(to))).map((mail) => mail.subject)).toEqual([
      'Mei, autumn tea is here',
    ]);
  });

  it('records a render error and a permanent refusal as failed, suppresses a bounced address, and gives back the cap unit', async () => {
    const nameless = await contact('ren@tea.example', { traits: {} });
    expect(await sender.send(request(nameless))).toMatchObject({ status: 'failed', reason: 'render_error' });
    const failed = await models.messageSends.findOne({ contactId: nameless }).lean();
    expect(failed!.error).toMatch(/firstName/);

    const bounced = 'gone@tea.example';
    const contactId = await contact(bounced);
    smtp.refuse(bounced, { code: 550, message: 'no such mailbox' });
    const first = request(contactId);
    expect(await sender.send(first)).toMatchObject({ status: 'failed', reason: 'provider_rejected' });
    const stored = await models.contacts.findById(contactId).lean();
    expect(stored!.suppressions).toMatchObject({ email: { reason: 'provider_rejected' } });
    expect(await sender.send(request(contactId))).toMatchObject({ status: 'skipped', reason: 'suppressed' });
    expect(await models.sendCounters.findById(`${workspaceId}:${contactId}:daily:2026-11-23`).lean()).toMatchObject({ count: 0, sends: [] });
    smtp.refuse(bounced, undefined);
  });

  it('retries a temporary refusal, records it as failed on the last attempt, and never re-sends an interrupted one', async () => {
    const to = 'slow@tea.example';
    const contactId = await contact(to);
    smtp.refuse(to, { code: 451, message: 'try again later' });
    const sending = request(contactId);
    await expect(sender.send(sending)).rejects.toThrow(/451|try again/);
    expect(await models.messageSends.findById(sending.idempotencyKey).lean()).toMatchObject({ status: 'retrying' });
    expect(await sender.send({ ...sending, finalAttempt: true })).toMatchObject({ status: 'failed', reason: 'provider_error' });
    smtp.refuse(to, undefined);

    // A worker died after handing a message over: the retry cannot know whether it went, so it does not send again.
    const interrupted = request(contactId);
    await models.messageSends.create({ _id: interrupted.idempotencyKey, workspaceId, contactId, channel: 'email', category: 'promo', template: 'autumn', status: 'sending', firstTriedAt: new Date(evening), history: [] });
    expect(await sender.send(interrupted)).toMatchObject({ status: 'failed', reason: 'outcome_unknown' });
    expect(mailsTo(to)).toHaveLength(0);
  });

  it('fails clearly without a channel config, a template, or a reachable server', async () => {
    const contactId = await contact('li@tea.example');
    expect(await sender.send(request(contactId, { template: 'nope' }))).toMatchObject({ status: 'failed', reason: 'template_missing' });
    await models.channelConfigs.deleteOne({ _id: `${workspaceId}:email` });
    // As the API does after every change of a template or channel config: sends read them afresh.
    await bumpMessagingConfig(models.messagingPolicies, workspaceId);
    expect(await sender.send(request(contactId))).toMatchObject({ status: 'failed', reason: 'channel_not_configured' });

    // Not allow-listed, a loopback SMTP server is refused before any connection is made.
    const guarded = messageSender({ models, channels: [emailChannel()], publicUrl: 'https://trellis.example' });
    await models.channelConfigs.create({ _id: `${workspaceId}:email`, workspaceId, kind: 'email', config: { host: '127.0.0.1', port: smtp.port, from: 'hi@tea.example' } });
    const refused = await guarded.send(request(contactId));
    expect(refused).toMatchObject({ status: 'failed', reason: 'blocked' });
    expect((await models.messageSends.findById(refused.messageId).lean())!.error).toMatch(/127\.0\.0\.1.*allow-lists/);
    await guarded.close();
  });
});
