import { chain } from '@trellis/journey/dist/testing/journey-builder';
import { Connection, Types } from 'mongoose';
import { createWorkspace, expectProblem, httpClient, RunningApi, startApiAlone } from '@trellis/devstack/test/harness';

/** Calls shaped as Segment's HTTP Tracking API spec shows them (its documented examples, our ids). */
const courseClicked = {
  anonymousId: '23adfd82-aa0f-45a7-a756-24f2a7a4c895',
  context: {
    library: { name: 'analytics.js', version: '2.11.1' },
    page: { path: '/academy/', referrer: '', search: '', title: 'Analytics Academy', url: 'https://segment.com/academy/' },
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_5)',
    ip: '108.0.78.21',
  },
  event: 'Course Clicked',
  integrations: {},
  messageId: 'ajs-f8ca1e4de5024d9430b3928bd8ac6b96',
  properties: { title: 'Intro to Analytics' },
  receivedAt: '2015-12-12T19:11:01.266Z',
  sentAt: '2015-12-12T19:11:01.169Z',
  timestamp: '2015-12-12T19:11:01.143Z',
  type: 'track',
  originalTimestamp: '2015-12-12T19:11:01.152Z',
};
const peterIdentifies = {
  anonymousId: '23adfd82-aa0f-45a7-a756-24f2a7a4c895',
  channel: 'browser',
  context: { ip: '8.8.8.8', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_2)', timezone: 'Asia/Shanghai' },
  integrations: { All: false, Mixpanel: true, Salesforce: true },
  messageId: '022bb90c-bbac-11e4-8dfc-aa07a5b093db',
  receivedAt: '2015-02-23T22:28:55.387Z',
  sentAt: '2015-02-23T22:28:55.111Z',
  timestamp: '2015-02-23T22:28:55.111Z',
  traits: { name: 'Peter Gibbons', email: 'Peter@Example.com', phone: '+86 138-0013-8000', plan: 'premium', logins: 5, address: { city: 'Shanghai' } },
  type: 'identify',
  userId: '97980cfea0067',
  version: '1.1',
};

describe('Segment-compatible track, identify, page, screen, alias, group and batch', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;
  let api: RunningApi;
  let mongo: Connection;

  beforeAll(async () => {
    stack = await startApiAlone('segment');
    ({ api, mongo } = stack);
  });

  afterAll(() => stack?.stop());

  it('takes an anonymous track, then an identify that makes the device’s contact a known person with traits, ids and zone', async () => {
    const { client, apiKey, workspaceId } = await createWorkspace(api.url);
    // The way Segment's libraries authenticate: the write key as the Basic user name.
    const segment = httpClient(api.url, undefined, { headers: { authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` } });
    const tracked = await segment.post('/v1/track', courseClicked);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ success: true, duplicate: false, messageId: courseClicked.messageId });
    const stored = await mongo.collection('events').findOne({ workspaceId, messageId: courseClicked.messageId });
    expect(stored).toMatchObject({ name: 'Course Clicked', anonymousId: courseClicked.anonymousId, properties: { title: 'Intro to Analytics' }, context: { ip: '108.0.78.21' } });
    expect(stored?.userId).toBeUndefined();
    // Server time, and the sender's time moved by its clock's skew (it sent 26 ms after it happened).
    expect(stored!.clientTimestamp).toEqual(new Date(courseClicked.timestamp));
    expect(stored!.receivedAt.getTime() - stored!.timestamp.getTime()).toBe(26);

    const identified = await segment.post('/v1/identify', peterIdentifies);
    expect(identified.status).toBe(200);
    expect(identified.body.contactId).toBe(tracked.body.contactId);
    const peter = await client.get('/v1/contacts/97980cfea0067');
    expect(peter.body).toMatchObject({ id: tracked.body.contactId, traits: { name: 'Peter Gibbons', plan: 'premium', logins: 5, address: { city: 'Shanghai' } } });
    const contact = await mongo.collection('contacts').findOne({ workspaceId, externalId: '97980cfea0067' });
    expect(contact?.timezone).toBe('Asia/Shanghai');
    expect((contact?.identities as { kind: string; value: string }[]).map(({ kind, value }) => `${kind}:${value}`).sort()).toEqual([
      `anonymous:${courseClicked.anonymousId}`,
      'email:peter@example.com',
      'phone:+8613800138000',
      'user:97980cfea0067',
    ]);
    // The same call again is the same call.
    expect((await segment.post('/v1/identify', peterIdentifies)).body.duplicate).toBe(true);
    // The write key may also come in the body.
    expect((await httpClient(api.url).post('/v1/track', { userId: '97980cfea0067', event: 'Course Finished', writeKey: apiKey })).status).toBe(200);
  });

  it('merges an anonymous browser into the known person it turns out to be', async () => {
    const { client } = await createWorkspace(api.url);
    const known = await client.post('/v1/identify', { userId: 'lin', traits: { tier: 'gold' } });
    const browsing = await client.post('/v1/track', { anonymousId: 'browser-9', event: 'Product Viewed', properties: { sku: 'tea-1' } });
    expect(browsing.body.contactId).not.toBe(known.body.contactId);
    const merged = await client.post('/v1/identify', { userId: 'lin', anonymousId: 'browser-9', traits: {} });
    expect(merged.body.contactId).toBe(known.body.contactId);
    const later = await client.post('/v1/track', { anonymousId: 'browser-9', event: 'Cart Viewed' });
    expect(later.body.contactId).toBe(known.body.contactId);
    expect((await client.get('/v1/contacts/lin')).body.traits).toEqual({ tier: 'gold' });
  });

  it('enrols on a Segment-named event and answers a batch call by call, in order, each stored once', async () => {
    const { client, workspaceId } = await createWorkspace(api.url);
    const journey = chain(['trigger.event', 'wait.delay', 'exit'], { 'trigger.event': { event: 'Order Completed' }, 'wait.delay': { amount: 1, unit: 'days' } });
    const id = (await client.post('/v1/journeys', journey)).body.id as string;
    expect((await client.post(`/v1/journeys/${id}/publish`)).status).toBe(200);

    const batch = {
      sentAt: '2026-11-23T10:00:00.000Z',
      context: { library: { name: 'analytics-node', version: '6.0.0' } },
      batch: [
        { type: 'identify', userId: 'mei', messageId: 'b-1', traits: { email: 'mei@example.com' }, timestamp: '2026-11-23T09:59:59.000Z' },
        { type: 'track', userId: 'mei', messageId: 'b-2', event: 'Order Completed', properties: { total: 30 }, timestamp: '2026-11-23T09:59:59.500Z' },
        { type: 'track', messageId: 'b-3', event: 'Order Completed' },
        { type: 'page', userId: 'mei', messageId: 'b-4', name: 'Home', properties: { path: '/' } },
        { type: 'track', userId: 'mei', messageId: 'b-5', event: 'Notes', properties: { text: 'x'.repeat(40_000) } },
      ],
    };
    const answer = await client.post('/v1/batch', batch);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ success: false, accepted: 3 });
    expect(answer.body.results.map((result: { index: number; status: number }) => [result.index, result.status])).toEqual([
      [0, 200],
      [1, 200],
      [2, 400],
      [3, 200],
      [4, 413],
    ]);
    expect(answer.body.results[2].errors).toEqual([expect.objectContaining({ path: 'userId', message: expect.stringContaining('anonymousId') })]);
    const order = await mongo.collection('events').findOne({ workspaceId, messageId: 'b-2' });
    expect(order).toMatchObject({ name: 'Order Completed', userId: 'mei', context: { library: { name: 'analytics-node' } } });
    expect(await mongo.collection('enrollments').countDocuments({ workspaceId, journeyId: id })).toBe(1);

    const again = await client.post('/v1/batch', batch);
    expect([0, 1, 3].map((index) => again.body.results[index].duplicate)).toEqual([true, true, true]);
    expect(await mongo.collection('events').countDocuments({ workspaceId })).toBe(3);
    expect(await mongo.collection('enrollments').countDocuments({ workspaceId, journeyId: id })).toBe(1);
  });

  it('stores plain tracks in bulk: each person’s contact made once, duplicates answered as such, journeys still reached', async () => {
    const { client, workspaceId } = await createWorkspace(api.url);
    const journey = chain(['trigger.event', 'wait.delay', 'exit'], { 'trigger.event': { event: 'Trial Started' }, 'wait.delay': { amount: 1, unit: 'days' } });
    const journeyId = (await client.post('/v1/journeys', journey)).body.id as string;
    expect((await client.post(`/v1/journeys/${journeyId}/publish`)).status).toBe(200);
    const calls = [
      ...Array.from({ length: 30 }, (_, index) => ({
        type: 'track',
        ...(index % 3 === 2 ? { anonymousId: `device-${index % 6}` } : { userId: `reader-${index % 10}` }),
        event: 'Article Read',
        messageId: `bulk-${index}`,
        timestamp: new Date(Date.UTC(2026, 10, 1, 0, index)).toISOString(),
      })),
      { type: 'track', userId: 'trialist', event: 'Trial Started', messageId: 'bulk-trial' },
    ];
    const answer = await client.post('/v1/batch', { batch: calls });
    expect(answer.body).toMatchObject({ success: true, accepted: 31 });
    expect(answer.body.results.map((result: { index: number }) => result.index)).toEqual(calls.map((_, index) => index));
    const readers = new Set(answer.body.results.slice(0, 30).filter((_: unknown, index: number) => index % 3 !== 2).map((result: { contactId: string }) => result.contactId));
    expect(readers.size).toBe(10);
    expect(await mongo.collection('events').countDocuments({ workspaceId, name: 'Article Read' })).toBe(30);
    // 10 readers, 2 devices (index % 6 is 2 or 5 for the anonymous ones), and the trialist.
    expect(await mongo.collection('contacts').countDocuments({ workspaceId })).toBe(13);
    const reader0 = await mongo.collection('contacts').findOne({ workspaceId, externalId: 'reader-0' });
    expect(reader0?.lastEventAt).toEqual(new Date(Date.UTC(2026, 10, 1, 0, 10)));
    expect(await mongo.collection('enrollments').countDocuments({ workspaceId, journeyId })).toBe(1);
    // A later event by id finds the contact the bulk path made.
    expect((await client.post('/v1/track', { userId: 'reader-3', event: 'Article Shared' })).body.contactId).toBe(answer.body.results[3].contactId);

    // Batches racing to create the same new people agree on one contact each.
    const racing = await Promise.all(
      [0, 1, 2, 3].map((lane) => client.post('/v1/batch', { batch: ['x', 'y', 'z'].map((who) => ({ type: 'track', userId: `racer-${who}`, event: 'Article Read', messageId: `race-${lane}-${who}` })) })),
    );
    expect(racing.every((answer) => answer.body.accepted === 3)).toBe(true);
    expect(new Set(racing.map((answer) => answer.body.results[0].contactId)).size).toBe(1);
    expect(await mongo.collection('contacts').countDocuments({ workspaceId, externalId: /^racer-/ })).toBe(3);

    const again = await client.post('/v1/batch', { batch: calls });
    expect(again.body.results.every((result: { duplicate: boolean; status: number }) => result.status === 200 && result.duplicate)).toBe(true);
    expect(again.body.results[0].eventId).toBe(answer.body.results[0].eventId);
    expect(await mongo.collection('events').countDocuments({ workspaceId })).toBe(44);
    expect(await mongo.collection('enrollments').countDocuments({ workspaceId, journeyId })).toBe(1);
  });

  it('stores page and screen views as events journeys can start on, links ids on alias and puts people in groups', async () => {
    const { client, workspaceId } = await createWorkspace(api.url);
    // Shapes from Segment's spec: a page call, a screen call, an alias, a group call.
    const page = await client.post('/v1/page', { userId: 'zhao', name: 'Pricing', category: 'Docs', properties: { path: '/pricing', title: 'Pricing', url: 'https://example.com/pricing' } });
    expect(page.status).toBe(200);
    expect(await mongo.collection('events').findOne({ workspaceId, _id: new Types.ObjectId(page.body.eventId as string) })).toMatchObject({
      name: 'Page Viewed',
      properties: { name: 'Pricing', category: 'Docs', path: '/pricing', title: 'Pricing' },
    });
    const screen = await client.post('/v1/screen', { anonymousId: 'app-install-7', name: 'Home Screen', properties: { variation: 'blue' } });
    expect((await mongo.collection('events').findOne({ workspaceId, messageId: screen.body.messageId })) ?.name).toBe('Screen Viewed');

    // The app's anonymous install turns out to be zhao: alias merges it into their contact.
    const aliased = await client.post('/v1/alias', { previousId: 'app-install-7', userId: 'zhao' });
    expect(aliased.body.contactId).toBe(page.body.contactId);
    expect((await client.post('/v1/track', { anonymousId: 'app-install-7', event: 'Opened' })).body.contactId).toBe(page.body.contactId);
    // A previous id nobody had yet becomes one more id of the person.
    await client.post('/v1/alias', { previousId: 'crm-881', userId: 'zhao' });
    expect((await client.post('/v1/track', { anonymousId: 'crm-881', event: 'Called' })).body.contactId).toBe(page.body.contactId);

    const grouped = await client.post('/v1/group', { userId: 'zhao', groupId: 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA', traits: { name: '上海茶友会 3 群', owner: 'staff-li', capacity: 200 } });
    expect(grouped.status).toBe(200);
    expect((await client.get('/v1/groups/wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA')).body).toMatchObject({ name: '上海茶友会 3 群', owner: 'staff-li', capacity: 200, memberCount: 1, seatsLeft: 199 });
    expect((await client.get('/v1/contacts/zhao')).body.groups).toEqual(['wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA']);
    // Told again (Segment libraries repeat group calls), nothing moves.
    await client.post('/v1/batch', { batch: [{ type: 'group', userId: 'zhao', groupId: 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA', traits: {} }, { type: 'alias', userId: 'zhao', previousId: 'crm-881' }] });
    expect((await client.get('/v1/groups/wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA')).body).toMatchObject({ memberCount: 1, name: '上海茶友会 3 群' });
    expectProblem(await client.post('/v1/alias', { previousId: 'x' }), 400);
    expectProblem(await client.post('/v1/group', { userId: 'zhao' }), 400);
  });

  it('refuses malformed calls with the field named, and an ingest key may send them', async () => {
    const { client } = await createWorkspace(api.url);
    const noOne = await client.post('/v1/track', { event: 'Signed Up' });
    expectProblem(noOne, 400);
    expect(noOne.body.errors).toEqual([expect.objectContaining({ path: 'userId' })]);
    expectProblem(await client.post('/v1/identify', { userId: 'x', traits: { 'a.b': 1 } }), 400);
    expectProblem(await client.post('/v1/track', { userId: 'x', event: '$internal' }), 400);
    expectProblem(await client.post('/v1/batch', { batch: [] }), 400);
    const ingest = await client.post('/v1/api-keys', { name: 'site', scope: 'ingest' });
    expect((await httpClient(api.url, ingest.body.key).post('/v1/batch', { batch: [{ type: 'track', anonymousId: 'a', event: 'Viewed' }] })).body.accepted).toBe(1);
  });
});
