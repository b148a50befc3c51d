import { createWorkspace, expectProblem, httpClient, startApiAlone } from '@trellis/devstack/test/harness';

let stack: Awaited<ReturnType<typeof startApiAlone>>;

beforeAll(async () => {
  stack = await startApiAlone('messages');
});

afterAll(() => stack?.stop());

describe('message templates: saved as checked versions, previewed against real contacts', () => {
  const welcome = {
    key: 'welcome-coupon',
    name: '新人礼',
    bodies: {
      wecom: {
        text: '{{ contact.traits.firstName | default: "朋友" }}，欢迎加入！',
        attachments: [{ type: 'link', title: '新人券', url: 'https://shop.example/coupon?u={{ contact.userId }}' }],
      },
      sms: { text: '【茶语】{{ contact.traits.firstName }}，新人券已到账' },
      email: { subject: 'Welcome, {{ contact.traits.firstName | default: "friend" }}', html: '<p>Hi {{ contact.traits.firstName }}</p><a href="{{ unsubscribeUrl }}">unsubscribe</a>' },
    },
  };

  it('saves versions, refuses Liquid that cannot render with where the problem is, and keeps every version', async () => {
    const { client } = await createWorkspace(stack.api.url);
    const created = await client.post('/v1/message-templates', { ...welcome, note: 'first cut' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'welcome-coupon', version: 1, channels: ['wecom', 'sms', 'email'] });
    expectProblem(await client.post('/v1/message-templates', welcome), 409);

    const bad = await client.post('/v1/message-templates', {
      key: 'broken',
      name: 'broken',
      bodies: { sms: { text: 'Hi {{ contact.frstName }}' }, email: { subject: '{{ contact.traits.firstName ', html: '<p>{{ contact.email | shout }}</p>' } },
    });
    expectProblem(bad, 422);
    expect(bad.body.errors).toEqual([
      { path: 'bodies.sms.text', code: 'template', message: expect.stringMatching(/unknown variable "contact\.frstName".*line 1, column 7/) },
      { path: 'bodies.email.subject', code: 'template', message: expect.stringContaining('not closed') },
      { path: 'bodies.email.html', code: 'template', message: expect.stringContaining('shout') },
    ]);
    expectProblem(await client.get('/v1/message-templates/broken'), 404);
    expectProblem(await client.post('/v1/message-templates', { key: 'Bad Key', name: 'x', bodies: { sms: { text: 'x' } } }), 400);
    expectProblem(await client.post('/v1/message-templates', { key: 'empty', name: 'x', bodies: {} }), 400);

    const edited = await client.put('/v1/message-templates/welcome-coupon', { bodies: { ...welcome.bodies, sms: { text: '【茶语】新人券已到账' } }, note: 'shorter SMS' });
    expect(edited.body).toMatchObject({ version: 2, unchanged: false, bodies: { sms: { text: '【茶语】新人券已到账' } } });
    const again = await client.put('/v1/message-templates/welcome-coupon', { bodies: edited.body.bodies });
    expect(again.body).toMatchObject({ version: 2, unchanged: true });
    expectProblem(await client.put('/v1/message-templates/welcome-coupon', { bodies: { sms: { text: '{% if %}' } } }), 422);

    const versions = (await client.get('/v1/message-templates/welcome-coupon/versions')).body.versions;
    expect(versions.map((version: { version: number; note: string }) => [version.version, version.note])).toEqual([
      [2, 'shorter SMS'],
      [1, 'first cut'],
    ]);
    expect((await client.get('/v1/message-templates/welcome-coupon/versions/1')).body.bodies.sms.text).toBe(welcome.bodies.sms.text);
    expectProblem(await client.get('/v1/message-templates/welcome-coupon/versions/3'), 404);
    expect((await client.get('/v1/message-templates')).body.templates.map((template: { key: string }) => template.key)).toEqual(['welcome-coupon']);

    // Another workspace sees none of it.
    const { client: other } = await createWorkspace(stack.api.url, 'other');
    expectProblem(await other.get('/v1/message-templates/welcome-coupon'), 404);
    expect((await other.get('/v1/message-templates')).body.templates).toEqual([]);

    expect((await client.delete('/v1/message-templates/welcome-coupon')).body).toEqual({ key: 'welcome-coupon', deleted: true });
    expectProblem(await client.get('/v1/message-templates/welcome-coupon'), 404);
  });

  it('previews each channel for a real contact: the message they would get, or the value they lack', async () => {
    const { client } = await createWorkspace(stack.api.url);
    await client.post('/v1/message-templates', welcome);
    await client.post('/v1/contacts', { userId: 'mei', email: 'mei@example.com', traits: { firstName: '<b>美</b>' } });
    await client.post('/v1/contacts', { userId: 'anon-guest', traits: {} });

    const mei = (await client.post('/v1/message-templates/welcome-coupon/preview', { userId: 'mei', category: 'promo' })).body;
    expect(mei).toMatchObject({ key: 'welcome-coupon', version: 1, userId: 'mei' });
    expect(mei.rendered.wecom).toEqual({
      ok: true,
      body: { text: '<b>美</b>，欢迎加入！', attachments: [{ type: 'link', title: '新人券', url: 'https://shop.example/coupon?u=mei' }] },
    });
    expect(mei.rendered.sms).toEqual({ ok: true, body: { text: '【茶语】<b>美</b>，新人券已到账 拒收请回复T' }, length: { characters: 26, encoding: 'UCS-2', segments: 1 } });
    // HTML escapes what it inserts.
    expect(mei.rendered.email.body.html).toBe('<p>Hi &lt;b&gt;美&lt;/b&gt;</p><a href="https://unsubscribe.invalid/preview">unsubscribe</a>');

    const guest = (await client.post('/v1/message-templates/welcome-coupon/preview', { userId: 'anon-guest' })).body;
    expect(guest.rendered.wecom.body.text).toBe('朋友，欢迎加入！');
    expect(guest.rendered.sms).toEqual({ ok: false, error: expect.stringContaining('contact.traits.firstName') });

    const sms = (await client.post('/v1/message-templates/welcome-coupon/preview', { userId: 'mei', channel: 'sms', category: 'service' })).body;
    expect(Object.keys(sms.rendered)).toEqual(['sms']);
    expect(sms.rendered.sms.body.text).toBe('【茶语】<b>美</b>，新人券已到账');
    expectProblem(await client.post('/v1/message-templates/welcome-coupon/preview', { userId: 'mei', channel: 'push' }), 400);
    expectProblem(await client.post('/v1/message-templates/welcome-coupon/preview', { userId: 'nobody' }), 404);
  });

  it('lets marketers write templates and analysts only read them', async () => {
    const { client } = await createWorkspace(stack.api.url);
    const analyst = httpClient(stack.api.url, (await client.post('/v1/api-keys', { name: 'dashboard', scope: 'read' })).body.key as string);
    expectProblem(await analyst.post('/v1/message-templates', welcome), 403);
    await client.post('/v1/message-templates', welcome);
    expect((await analyst.get('/v1/message-templates/welcome-coupon')).status).toBe(200);
  });
});

describe('messaging policy: the guardrails every send obeys, set by admins', () => {
  it('starts from defaults, takes caps and quiet hours, and refuses a policy that cannot hold', async () => {
    const { client } = await createWorkspace(stack.api.url);
    expect((await client.get('/v1/messaging-policy')).body).toEqual({
      caps: [],
      timezone: 'Asia/Shanghai',
      deferralExpiry: { amount: 24, unit: 'hours' },
      killSwitch: false,
      killSwitchNote: null,
      killSwitchThrownAt: null,
      updatedBy: null,
      updatedAt: null,
    });
    const rules = {
      caps: [
        { id: 'daily', limit: 2, per: 'day' },
        { id: 'weekly', limit: 5, per: 'week' },
        { id: 'sms', limit: 1, per: 'day', channels: ['sms'] },
      ],
      quietHours: { start: '21:00', end: '08:00' },
    };
    const put = await client.put('/v1/messaging-policy', rules);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...rules, timezone: 'Asia/Shanghai', killSwitch: false, updatedAt: expect.any(String) });
    expect((await client.get('/v1/messaging-policy')).body).toMatchObject(rules);

    expectProblem(await client.put('/v1/messaging-policy', { caps: [{ id: 'daily', limit: 2, per: 'day' }, { id: 'daily', limit: 5, per: 'week' }] }), 400);
    expectProblem(await client.put('/v1/messaging-policy', { quietHours: { start: '25:00', end: '08:00' } }), 400);
    expectProblem(await client.put('/v1/messaging-policy', { timezone: 'Mars/Olympus' }), 400);
    expectProblem(await client.put('/v1/messaging-policy', { killSwitch: true }), 400);
  });

  it('throws and releases the kill switch, keeping the rules and writing the audit log', async () => {
    const { client } = await createWorkspace(stack.api.url);
    await client.put('/v1/messaging-policy', { caps: [{ id: 'daily', limit: 2, per: 'day' }] });
    const on = await client.post('/v1/messaging-policy/kill-switch', { on: true, note: 'wrong coupon in the promo' });
    expect(on.body).toMatchObject({ killSwitch: true, killSwitchNote: 'wrong coupon in the promo', killSwitchThrownAt: expect.any(String), caps: [{ id: 'daily' }] });
    // Changing the rules leaves the switch thrown.
    expect((await client.put('/v1/messaging-policy', { caps: [] })).body).toMatchObject({ killSwitch: true, caps: [] });
    // Released, it remembers when it was thrown: what it held back until then stays dropped.
    expect((await client.post('/v1/messaging-policy/kill-switch', { on: false })).body).toMatchObject({ killSwitch: false, killSwitchNote: null, killSwitchThrownAt: on.body.killSwitchThrownAt });
    const audit = (await client.get('/v1/audit?limit=10')).body.events.map((event: { action: string }) => event.action);
    expect(audit.slice(0, 4)).toEqual(['messaging.kill_switch_off', 'messaging.policy_changed', 'messaging.kill_switch_on', 'messaging.policy_changed']);
  });

  it('lets only admins change guardrails', async () => {
    const { client } = await createWorkspace(stack.api.url);
    const reader = httpClient(stack.api.url, (await client.post('/v1/api-keys', { name: 'dashboard', scope: 'read' })).body.key as string);
    expect((await reader.get('/v1/messaging-policy')).status).toBe(200);
    expectProblem(await reader.put('/v1/messaging-policy', { caps: [] }), 403);
    expectProblem(await reader.post('/v1/messaging-policy/kill-switch', { on: true }), 403);
  });
});
