import { Connection } from 'mongoose';
import { createWorkspace, expectProblem, RunningApi, startApiAlone } from '@trellis/devstack/test/harness';

describe('contacts: create, change, list and search, forget', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;
  let api: RunningApi;
  let mongo: Connection;

  beforeAll(async () => {
    stack = await startApiAlone('contacts');
    ({ api, mongo } = stack);
  });

  afterAll(() => stack?.stop());

  it('creates a contact with ids across channels, and changes its traits, tags, zone, stage and consent', async () => {
    const { client } = await createWorkspace(api.url);
    const created = await client.post('/v1/contacts', {
      userId: 'member-1',
      email: 'Wang@Example.com',
      phone: '+8613800138001',
      wecom: 'wmABC',
      traits: { name: '王芳', points: 10 },
      tags: ['new'],
      timezone: 'Asia/Shanghai',
      lifecycleStage: 'intro',
      subscriptions: { wecom: 'subscribed', sms: 'unsubscribed' },
      wecomOwner: 'xiaowang',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      externalId: 'member-1',
      traits: { name: '王芳', points: 10 },
      tags: ['new'],
      timezone: 'Asia/Shanghai',
      lifecycleStage: 'intro',
      subscriptions: { wecom: 'subscribed', sms: 'unsubscribed' },
      wecomOwner: 'xiaowang',
      suppressions: {},
      openHandoffs: 0,
    });
    expect(created.body.identities.map(({ kind, value }: { kind: string; value: string }) => `${kind}:${value}`).sort()).toEqual([
      'email:wang@example.com',
      'phone:+8613800138001',
      'user:member-1',
      'wecom:wmABC',
    ]);
    expectProblem(await client.post('/v1/contacts', { userId: 'member-1' }), 409);

    const changed = await client.patch('/v1/contacts/member-1', {
      traits: { points: 20, name: null, city: '杭州' },
      addTags: ['vip'],
      removeTags: ['new'],
      timezone: null,
      lifecycleStage: 'growth',
      subscriptions: { sms: 'subscribed' },
      unionid: 'union-1',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ traits: { points: 20, city: '杭州' }, tags: ['vip'], timezone: null, lifecycleStage: 'growth', subscriptions: { wecom: 'subscribed', sms: 'subscribed' } });
    expect(changed.body.traits).not.toHaveProperty('name');
    expect(changed.body.identities).toContainEqual({ kind: 'unionid', value: 'union-1' });
    expectProblem(await client.patch('/v1/contacts/nobody', { traits: { a: 1 } }), 404);

    // A bounce suppressed the email address; fixed, it is sent to again. The WeCom owner moves to a colleague.
    await mongo.collection('contacts').updateOne({ externalId: 'member-1' }, { $set: { 'suppressions.email': { reason: 'provider_rejected', at: new Date() } } });
    expect((await client.get('/v1/contacts/member-1')).body.suppressions).toMatchObject({ email: { reason: 'provider_rejected' } });
    const unsuppressed = await client.patch('/v1/contacts/member-1', { unsuppress: ['email'], wecomOwner: 'xiaoli' });
    expect(unsuppressed.body).toMatchObject({ suppressions: {}, wecomOwner: 'xiaoli' });
    expect((await client.patch('/v1/contacts/member-1', { wecomOwner: null })).body.wecomOwner).toBeNull();
    expectProblem(await client.patch('/v1/contacts/member-1', { unsuppress: ['fax'] }), 400);
  });

  it('keeps order totals, RFM and per-event counts from events, each event counted once (calls, batches, retries, a merge)', async () => {
    const { client } = await createWorkspace(api.url);
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    await client.post('/v1/track', { userId: 'buyer', event: 'order_paid', messageId: 'o-1', properties: { amount: 300 }, timestamp: daysAgo(40) });
    await client.post('/v1/track', { userId: 'buyer', event: 'order_paid', messageId: 'o-1', properties: { amount: 300 }, timestamp: daysAgo(40) });
    const batch = await client.post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'buyer', event: 'Order Completed', messageId: 'o-2', properties: { revenue: 450.5 }, timestamp: daysAgo(2) },
        { type: 'track', userId: 'buyer', event: 'app.opened', messageId: 'a-1', timestamp: daysAgo(1) },
        { type: 'track', userId: 'buyer', event: 'app.opened', messageId: 'a-2', timestamp: daysAgo(3) },
      ],
    });
    expect(batch.body.accepted).toBe(3);
    await client.post('/v1/batch', { batch: [{ type: 'track', userId: 'buyer', event: 'Order Completed', messageId: 'o-2', properties: { revenue: 450.5 }, timestamp: daysAgo(2) }] });
    // An anonymous browser that ordered before signing in: its order joins the person's.
    await client.post('/v1/track', { anonymousId: 'browser-9', event: 'order_paid', messageId: 'o-3', properties: { total: 1000 }, timestamp: daysAgo(10) });
    await client.post('/v1/identify', { userId: 'buyer', anonymousId: 'browser-9', traits: { name: 'Li' } });

    const buyer = (await client.get('/v1/contacts/buyer')).body;
    expect(buyer.computed).toMatchObject({ ordersCount: 3, totalSpent: 1750.5, rfm: { recency: 5, frequency: 3, monetary: 3, score: 533 } });
    const near = (iso: string, expected: string) => expect(Math.abs(Date.parse(iso) - Date.parse(expected))).toBeLessThan(60_000);
    near(buyer.computed.firstOrderAt, daysAgo(40));
    near(buyer.computed.lastOrderAt, daysAgo(2));
    expect(buyer.activity['app.opened']).toMatchObject({ count: 2 });
    near(buyer.activity['app.opened'].lastAt, daysAgo(1));
    expect(buyer.activity['order_paid']).toMatchObject({ count: 2 });
    expect(buyer.activity['Order Completed']).toMatchObject({ count: 1 });
    expect(buyer.activity).not.toHaveProperty('$identify');
    const stored = await mongo.collection('contacts').findOne({ externalId: 'buyer', 'traits.name': 'Li' });
    expect(stored?.activity).toHaveProperty(['app%2Eopened', 'count'], 2);
  });

  it('lists contacts a page at a time and finds them by tag, stage and id or email prefix', async () => {
    const { client } = await createWorkspace(api.url);
    for (let index = 0; index < 7; index++) {
      const made = await client.post('/v1/contacts', {
        userId: `shopper-${index}`,
        ...(index < 3 ? { email: `vip${index}@shop.example` } : {}),
        tags: index % 2 ? ['odd'] : [],
        lifecycleStage: index < 4 ? 'intro' : 'mature',
      });
      expect(made.status).toBe(201);
    }
    const first = await client.get('/v1/contacts?limit=3');
    expect(first.body.contacts.map((contact: { externalId: string }) => contact.externalId)).toEqual(['shopper-0', 'shopper-1', 'shopper-2']);
    const second = await client.get(`/v1/contacts?limit=3&cursor=${first.body.next}`);
    expect(second.body.contacts.map((contact: { externalId: string }) => contact.externalId)).toEqual(['shopper-3', 'shopper-4', 'shopper-5']);
    const last = await client.get(`/v1/contacts?limit=3&cursor=${second.body.next}`);
    expect(last.body).toMatchObject({ next: null, contacts: [{ externalId: 'shopper-6' }] });

    const externalIds = async (query: string) => (await client.get(`/v1/contacts?${query}`)).body.contacts.map((contact: { externalId: string }) => contact.externalId);
    expect(await externalIds('tag=odd')).toEqual(['shopper-1', 'shopper-3', 'shopper-5']);
    expect(await externalIds('lifecycleStage=mature&tag=odd')).toEqual(['shopper-5']);
    expect(await externalIds('q=VIP1')).toEqual(['shopper-1']);
    expect(await externalIds('q=shopper-6')).toEqual(['shopper-6']);
    expect(await externalIds(`q=${encodeURIComponent('.*')}`)).toEqual([]);
    expectProblem(await client.get('/v1/contacts?cursor=nope'), 400);
    expectProblem(await client.get('/v1/contacts?limit=1000'), 400);
  });

  it('forgets a contact: ids, profile and events go, and the id is free for someone new', async () => {
    const { client, workspaceId } = await createWorkspace(api.url);
    await client.post('/v1/identify', { userId: 'leaver', anonymousId: 'leaver-phone', traits: { email: 'leaver@example.com' } });
    await client.post('/v1/track', { userId: 'leaver', event: 'Viewed' });
    const forgotten = await client.delete('/v1/contacts/leaver');
    expect(forgotten.body).toEqual({ deleted: 'leaver', events: 2, journeysEnded: 0 });
    expectProblem(await client.get('/v1/contacts/leaver'), 404);
    expect(await mongo.collection('contact_keys').countDocuments({ workspaceId })).toBe(0);
    expect(await mongo.collection('events').countDocuments({ workspaceId })).toBe(0);
    const again = await client.post('/v1/contacts', { userId: 'leaver' });
    expect(again.status).toBe(201);
    expect(again.body.traits).toEqual({});
  });

  it('names what is wrong in a contact body', async () => {
    const { client } = await createWorkspace(api.url);
    const cases: [unknown, string][] = [
      [{ traits: {} }, 'userId'],
      [{ userId: 'x', phone: '13800138000' }, 'phone'],
      [{ userId: 'x', email: 'not-an-email' }, 'email'],
      [{ userId: 'x', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ userId: 'x', traits: { 'a.b': 1 } }, 'traits'],
      [{ userId: 'x', subscriptions: { fax: 'subscribed' } }, 'subscriptions'],
      [{ userId: 'x', colour: 'red' }, ''],
    ];
    for (const [body, path] of cases) {
      const answer = await client.post('/v1/contacts', body);
      expectProblem(answer, 400);
      expect(answer.body.errors.some((error: { path: string }) => error.path.startsWith(path))).toBe(true);
    }
  });
});
