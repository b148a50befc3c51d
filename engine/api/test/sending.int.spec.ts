import { nextLocalTime } from '@trellis/journey';
import { createWorkspace, expectProblem, eventually } from '@trellis/devstack/test/harness';
import { JourneyStack, publishJourney, startJourneyStack } from '@trellis/devstack/test/journey-stack';
import { rawHeader, SmtpSink, startSmtpSink } from '@trellis/devstack/test/smtp-sink';
import { FakeProvider, startTwilioFake } from '@trellis/devstack/test/fake-providers';
import { twilioSignature } from '@trellis/runtime';

const hourMs = 3600_000;

interface TimelineMessage {
  journeyId: string;
  status: string;
  reason: string | null;
  sentAt: string | null;
  unsubscribedAt: string | null;
  history: { status: string; reason: string | null; at: string }[];
}

/**
 * Messages sent by real journeys: the worker under Temporal's time-skipping server, the API, a
 * real SMTP server on 127.0.0.1, and the guardrails between them.
 */
describe('sending: journeys send email within quiet hours, caps and consent', () => {
  let stack: JourneyStack;
  let env: JourneyStack['env'];
  let mongo: JourneyStack['mongo'];
  let api: JourneyStack['api'];
  let smtp: SmtpSink;
  let twilio: FakeProvider;
  const twilioAccount = { accountSid: `AC${'0f'.repeat(16)}`, authToken: 'twilio-auth-token-for-tests' };

  beforeAll(async () => {
    stack = await startJourneyStack('sending');
    ({ env, mongo, api } = stack);
    smtp = await startSmtpSink();
    twilio = await startTwilioFake(twilioAccount);
  });

  afterAll(async () => {
    await smtp?.close();
    await twilio?.close();
    await stack?.close();
  });

  /** A workspace whose email goes to the local SMTP server, with the given guardrails and one template. */
  async function emailWorkspace(policy: Record<string, unknown>) {
    const workspace = await createWorkspace(api.url);
    const { client } = workspace;
    // The SMTP server is on this machine: the workspace must allow-list it, as it would an intranet relay.
    expect((await client.patch('/v1/workspaces/current', { webhookAllowedHosts: ['127.0.0.1'] })).status).toBe(200);
    expectProblem(await client.put('/v1/channels/email', { host: '127.0.0.1', port: smtp.port }), 400);
    const channel = await client.put('/v1/channels/email', { host: '127.0.0.1', port: smtp.port, from: 'Tea House <hi@tea.example>', user: 'relay', password: 's3cret' });
    expect(channel.body).toMatchObject({ kind: 'email', configured: true, secretsSet: ['password'], config: { host: '127.0.0.1', user: 'relay' } });
    expect(channel.body.config.password).toBeUndefined();
    // Saved again without the password, the stored one is kept; null removes it (the relay takes mail unauthenticated).
    expect((await client.put('/v1/channels/email', { host: '127.0.0.1', port: smtp.port, from: 'Tea House <hi@tea.example>', user: 'relay' })).body.secretsSet).toEqual(['password']);
    const plain = await client.put('/v1/channels/email', { host: '127.0.0.1', port: smtp.port, from: 'Tea House <hi@tea.example>', password: null });
    expect(plain.body).toMatchObject({ secretsSet: [], config: { host: '127.0.0.1', port: smtp.port, secure: false } });
    expect((await client.put('/v1/messaging-policy', policy)).status).toBe(200);
    const template = await client.post('/v1/message-templates', {
      key: 'offer',
      name: 'Evening offer',
      bodies: { email: { subject: '{{ contact.traits.firstName | default: "Hi" }}, tea for two tonight', html: '<p>Half price.</p><p><a href="{{ unsubscribeUrl }}">Unsubscribe</a></p>' } },
    });
    expect(template.status).toBe(201);
    return workspace;
  }


  const send = (id: string) => ({ id, type: 'action.message', config: { channel: 'email', template: 'offer', category: 'promo' } });

  it('sends exactly two of three 21:00 promos at 08:00 the next morning under quiet hours 21:00–08:00 and a cap of 2 a day; the third is capped', async () => {
    const { client } = await emailWorkspace({ caps: [{ id: 'daily', limit: 2, per: 'day' }], quietHours: { start: '21:00', end: '08:00' }, timezone: 'Asia/Shanghai' });

    // A send naming a template that does not exist is refused at publish, not discovered at send.
    const missing = await client.post('/v1/journeys', {
      name: 'missing template',
      nodes: [{ id: 'in', type: 'trigger.event', config: { event: 'evening' } }, { ...send('send'), config: { channel: 'email', template: 'nope' } }, { id: 'out', type: 'exit', config: {} }],
      edges: [{ from: 'in', port: 'next', to: 'send' }, { from: 'send', port: 'next', to: 'out' }],
    });
    const refused = await client.post(`/v1/journeys/${missing.body.id}/publish`);
    expectProblem(refused, 422);
    expect(JSON.stringify(refused.body.errors)).toContain('nope');
    // A customer-group post is seen by the whole group: a template that reads the contact is refused at publish.
    expect((await client.post('/v1/message-templates', { key: 'tonight', name: 'Tonight', bodies: { wecom: { text: '{{ contact.traits.firstName }}，今晚茶会' } } })).status).toBe(201);
    await client.put(`/v1/journeys/${missing.body.id}`, {
      name: 'group post',
      nodes: [{ id: 'in', type: 'trigger.event', config: { event: 'evening' } }, { id: 'send', type: 'action.message', config: { channel: 'wecom_group', groupId: 'g1', template: 'tonight' } }, { id: 'out', type: 'exit', config: {} }],
      edges: [{ from: 'in', port: 'next', to: 'send' }, { from: 'send', port: 'next', to: 'out' }],
    });
    const groupPost = await client.post(`/v1/journeys/${missing.body.id}/publish`);
    expectProblem(groupPost, 422);
    expect(groupPost.body.errors).toEqual([
      expect.objectContaining({ nodeId: 'send', code: 'template_unfit_for_channel', message: 'template "tonight" cannot go out on wecom_group: wecom.text: a group post is seen by many people: it cannot use "contact"' }),
    ]);

    const journeyIds: string[] = [];
    for (const name of ['Autumn sale', 'New harvest', 'Members evening']) {
      journeyIds.push(
        await publishJourney(client, {
          name,
          nodes: [
            { id: 'in', type: 'trigger.event', config: { event: 'evening' } },
            { id: 'at-nine', type: 'wait.until', config: { mode: 'timeOfDay', time: '21:00' } },
            send('send'),
            { id: 'out', type: 'exit', config: {} },
          ],
          edges: [
            { from: 'in', port: 'next', to: 'at-nine' },
            { from: 'at-nine', port: 'next', to: 'send' },
            { from: 'send', port: 'next', to: 'out' },
          ],
        }),
      );
    }
    expect((await client.post('/v1/contacts', { userId: 'mei', email: 'mei@tea.example', timezone: 'Asia/Shanghai', traits: { firstName: 'Mei' } })).status).toBe(201);
    const tracked = await client.post('/v1/events', { userId: 'mei', event: 'evening' });
    expect(tracked.body.enrolled).toHaveLength(3);
    // Time is skipped by hand, to just past each moment: skipped while a send is in flight, its
    // activity would time out on the test server's clock.
    const nine = nextLocalTime(await env.currentTimeMs(), 'Asia/Shanghai', '21:00');
    await env.sleep(nine - (await env.currentTimeMs()) + 1000);
    const statuses = async () => ((await client.get('/v1/contacts/mei/timeline')).body.messages as TimelineMessage[]).map((message) => message.status).sort();
    await eventually('all three held back for quiet hours', async () => (await statuses()).join() === 'deferred,deferred,deferred');
    expect(smtp.received.filter((mail) => mail.envelopeTo.includes('mei@tea.example'))).toHaveLength(0);
    await env.sleep(11 * hourMs);
    await eventually('two sent and one capped at 08:00', async () => (await statuses()).join() === 'sent,sent,skipped');
    await Promise.all(tracked.body.enrolled.map(({ workflowId }: { workflowId: string }) => env.client.workflow.getHandle(workflowId).result()));

    const received = smtp.received.filter((mail) => mail.envelopeTo.includes('mei@tea.example'));
    expect(received).toHaveLength(2);
    expect(received.map((mail) => mail.subject)).toEqual(['Mei, tea for two tonight', 'Mei, tea for two tonight']);

    const timeline = (await client.get('/v1/contacts/mei/timeline')).body;
    const messages: TimelineMessage[] = timeline.messages;
    expect(messages).toHaveLength(3);
    expect(new Set(messages.map((message) => message.journeyId))).toEqual(new Set(journeyIds));
    // Each was first tried at 21:00 in Shanghai, held back for quiet hours until 08:00.
    for (const message of messages) {
      const [held] = message.history;
      expect(held).toMatchObject({ status: 'deferred', reason: 'quiet_hours' });
      expect(shanghaiTime(held!.at)).toBe('21:00');
    }
    const sent = messages.filter((message) => message.status === 'sent');
    expect(sent).toHaveLength(2);
    for (const message of sent) {
      // At 08:00 the next morning (the clocks read to the second the workflow task ran).
      expect(shanghaiTime(message.sentAt!)).toBe('08:00');
      expect(Math.abs(Date.parse(message.sentAt!) - Date.parse(message.history[0]!.at) - 11 * hourMs)).toBeLessThan(60_000);
    }
    const capped = messages.find((message) => message.status === 'skipped');
    expect(capped).toMatchObject({ reason: 'cap:daily', sentAt: null });
    expect(capped!.history.map((turn) => [turn.status, turn.reason])).toEqual([
      ['deferred', 'quiet_hours'],
      ['skipped', 'cap:daily'],
    ]);
    expect(shanghaiTime(capped!.history[1]!.at)).toBe('08:00');
    // The step log records each outcome where the contact passed the node.
    const outputs = timeline.steps.filter((step: { nodeId: string; kind: string }) => step.nodeId === 'send' && step.kind === 'completed').map((step: { output: { status: string } }) => step.output.status);
    expect(outputs.sort()).toEqual(['sent', 'sent', 'skipped']);
    // The same, merged in time order with the enrolments, visits and goals: held at 21:00, then the 08:00 outcomes.
    const turns = (timeline.entries as { type: string; status?: string; at: string }[]).filter((entry) => entry.type === 'message');
    expect(turns.map((entry) => entry.status)).toEqual(['deferred', 'deferred', 'deferred', ...turns.slice(3).map((entry) => entry.status)]);
    expect(turns.slice(3).map((entry) => entry.status).sort()).toEqual(['sending', 'sending', 'sent', 'sent', 'skipped']);
    expect(timeline.entries.filter((entry: { type: string }) => entry.type === 'enrolled')).toHaveLength(3);

    // Delivery per message node: across the three journeys, two sent and one skipped by the cap, all held back for quiet hours first.
    const delivery = await Promise.all(journeyIds.map(async (journeyId) => (await client.get(`/v1/journeys/${journeyId}/delivery`)).body.rows));
    const rows = delivery.flat();
    expect(rows).toHaveLength(3);
    expect(rows.map((row: { nodeId: string; channel: string; sends: number; heldBack: Record<string, number> }) => [row.nodeId, row.channel, row.sends, row.heldBack])).toEqual(journeyIds.map(() => ['send', 'email', 1, { quiet_hours: 1 }]));
    expect(rows.reduce((sum: number, row: { sent: number }) => sum + row.sent, 0)).toBe(2);
    expect(rows.map((row: { skipped: Record<string, number> }) => row.skipped).filter((skipped: Record<string, number>) => Object.keys(skipped).length)).toEqual([{ 'cap:daily': 1 }]);
    const csv = await client.get<string>(`/v1/journeys/${journeyIds[0]}/delivery?format=csv`);
    expect(String(csv.body).split('\n')[0]).toMatch(/^node,channel,sends,sent,delivered,queued,deferred,failed,unsubscribes/);
  });

  it('stops the next send once the contact unsubscribes through the link in the message', async () => {
    const { client } = await emailWorkspace({});
    await publishJourney(client, {
      name: 'Two-step offer',
      nodes: [
        { id: 'in', type: 'trigger.event', config: { event: 'joined' } },
        send('first'),
        { id: 'clicked', type: 'wait.event', config: { event: 'clicked', timeout: { amount: 3, unit: 'days' } } },
        send('second'),
        { id: 'out', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'in', port: 'next', to: 'first' },
        { from: 'first', port: 'next', to: 'clicked' },
        { from: 'clicked', port: 'received', to: 'second' },
        { from: 'clicked', port: 'timedOut', to: 'out' },
        { from: 'second', port: 'next', to: 'out' },
      ],
    });
    await client.post('/v1/contacts', { userId: 'lan', email: 'lan@tea.example' });
    const tracked = await client.post('/v1/events', { userId: 'lan', event: 'joined' });
    const mail = await eventually('the first email', async () => smtp.received.find((received) => received.envelopeTo.includes('lan@tea.example')));
    const link = rawHeader(mail, 'List-Unsubscribe')!.replace(/^<|>$/g, '');
    expect(link.startsWith(`${api.url}/v1/unsubscribe/`)).toBe(true);
    expect(mail.html).toContain(link);

    // Opening the link only asks (mail scanners open links); the one-click POST unsubscribes.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect((await client.get('/v1/contacts/lan')).body.subscriptions).toEqual({});
    const tampered = await fetch(`${link.slice(0, -3)}AAA`, { method: 'POST' });
    expect(tampered.status).toBe(404);
    const oneClick = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect((await client.get('/v1/contacts/lan')).body.subscriptions).toEqual({ email: 'unsubscribed' });
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);

    await client.post('/v1/events', { userId: 'lan', event: 'clicked' });
    await env.client.workflow.getHandle(tracked.body.enrolled[0].workflowId).result();
    expect(smtp.received.filter((received) => received.envelopeTo.includes('lan@tea.example'))).toHaveLength(1);
    const timeline = (await client.get('/v1/contacts/lan/timeline')).body;
    expect(timeline.messages.map((message: TimelineMessage) => [message.status, message.reason])).toEqual([
      ['sent', null],
      ['skipped', 'no_consent'],
    ]);
    expect(timeline.messages[0].unsubscribedAt).not.toBeNull();
    const events = (await client.get('/v1/contacts/lan')).body.activity;
    expect(events.unsubscribed).toMatchObject({ count: 1 });
  });

  it('texts through Twilio and applies its signed delivery reports; unsigned, malformed or mismatched reports change nothing', async () => {
    const { client } = await createWorkspace(api.url);
    await client.patch('/v1/workspaces/current', { webhookAllowedHosts: ['127.0.0.1'] });
    expect((await client.put('/v1/channels/sms', { ...twilioAccount, from: '+8613900000000', baseUrl: twilio.url })).body).toMatchObject({ configured: true, secretsSet: ['authToken'] });
    await client.post('/v1/message-templates', { key: 'shipped', name: 'Order shipped', bodies: { sms: { text: '【茶语】您的订单已发货' } } });
    await publishJourney(client, {
      name: 'Shipping notice',
      nodes: [
        { id: 'in', type: 'trigger.event', config: { event: 'order_shipped' } },
        { id: 'text', type: 'action.message', config: { channel: 'sms', template: 'shipped', category: 'service' } },
        { id: 'out', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'in', port: 'next', to: 'text' },
        { from: 'text', port: 'next', to: 'out' },
      ],
    });
    await client.post('/v1/contacts', { userId: 'wei', phone: '+8613800138000' });
    const tracked = await client.post('/v1/events', { userId: 'wei', event: 'order_shipped' });
    await env.client.workflow.getHandle(tracked.body.enrolled[0].workflowId).result();
    const call = twilio.calls.find((received) => received.fields.To === '+8613800138000')!;
    expect(call.violations).toEqual([]);
    expect(call.fields.Body).toBe('【茶语】您的订单已发货');
    const callback = String(call.fields.StatusCallback);
    expect(callback.startsWith(`${api.url}/v1/channels/sms/status/`)).toBe(true);
    const messageSid = String((await mongo.collection('message_sends').findOne({ to: '+8613800138000' }))?.provider?.messageId);
    expect(messageSid).toMatch(/^SM[0-9a-f]{32}$/);

    const report = (fields: Record<string, string>, signature = twilioSignature(twilioAccount.authToken, callback, fields)) =>
      fetch(callback, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(fields).toString() });
    const delivered = { AccountSid: twilioAccount.accountSid, MessageSid: messageSid, MessageStatus: 'delivered', To: '+8613800138000', ApiVersion: '2010-04-01' };
    expect((await report(delivered, 'forged')).status).toBe(403);
    expect((await report({ ...delivered, MessageStatus: 'exploded' })).status).toBe(400);
    expect((await report({ ...delivered, MessageSid: `SM${'00'.repeat(16)}` })).status).toBe(409);
    expect((await fetch(`${api.url}/v1/channels/sms/status/nope`, { method: 'POST' })).status).toBe(404);
    expect((await client.get('/v1/contacts/wei/timeline')).body.messages[0].status).toBe('sent');

    const accepted = await report(delivered);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ status: 'delivered' });
    // A late "sent" report does not move it back.
    expect((await report({ ...delivered, MessageStatus: 'sent' })).status).toBe(200);
    const [message] = (await client.get('/v1/contacts/wei/timeline')).body.messages;
    expect(message).toMatchObject({ status: 'delivered' });
    expect(message.history.map((turn: { status: string }) => turn.status)).toEqual(['sending', 'sent', 'delivered']);
  });
});

function shanghaiTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}