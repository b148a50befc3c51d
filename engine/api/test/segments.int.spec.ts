import { ContactSnapshot, evaluateRule, Rule } from '@trellis/journey';
import { chain } from '@trellis/journey/dist/testing/journey-builder';
import { ruleArbitraries } from '@trellis/journey/dist/testing/rule-arbitraries';
import fc from 'fast-check';
import { Types } from 'mongoose';
import { createWorkspace, eventually, expectProblem, httpClient, startApiAlone, workerProcess } from '@trellis/devstack/test/harness';

const day = 86_400_000;
const daysAgo = (days: number, plusMs = 0) => new Date(Date.now() - days * day + plusMs).toISOString();

/** No order for 30 days, from someone who has ordered: the win-back audience. */
const dormant: Rule = {
  kind: 'all',
  rules: [
    { kind: 'event', name: 'order_paid', op: 'atLeast', count: 1 },
    { kind: 'event', name: 'order_paid', op: 'none', within: { amount: 30, unit: 'days' } },
  ],
};

describe('segments: rules as queries, membership kept current, entries that start journeys', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;

  beforeAll(async () => {
    stack = await startApiAlone('segments');
    await stack.temporal.supervisor.start(workerProcess({ mongoUri: stack.mongoUri, temporalAddress: stack.temporal.address, taskQueue: 'segments' }));
  }, 180_000);

  afterAll(() => stack?.stop());

  it('answers every rule on the real server exactly as the rule evaluator does (random rules and contacts)', async () => {
    const { client, workspaceId } = await createWorkspace(stack.api.url);
    const now = Date.now();
    const { rule, contact } = ruleArbitraries(now);
    const contacts = fc.sample(contact, { numRuns: 80, seed: 42 }).map((fields) => ({ _id: new Types.ObjectId(), workspaceId, identities: [], ...fields }));
    await stack.mongo.collection('contacts').insertMany(contacts);
    for (const value of fc.sample(rule, { numRuns: 120, seed: 7 })) {
      const answer = await client.post('/v1/segments/preview', { rule: value, sample: 100 });
      expect(answer.status).toBe(200);
      const expected = contacts.filter((doc) => evaluateRule(value, doc as unknown as ContactSnapshot, now)).map((doc) => String(doc._id));
      const found = answer.body.sample.map((shown: { id: string }) => shown.id);
      expect({ rule: value, found: found.sort() }).toEqual({ rule: value, found: expected.sort() });
      expect(answer.body.count).toBe(expected.length);
    }
  }, 120_000);

  it('enrols contacts as they pass 30 days without an order, on the sweep, each exactly once; an order takes them out at once', async () => {
    const { client, workspaceId } = await createWorkspace(stack.api.url);
    // Published before the segment, so its first pass finds the journey listening.
    const journey = chain(['trigger.segment', 'action.tag', 'exit'], { 'trigger.segment': { segment: 'dormant-30d' }, 'action.tag': { add: ['win-back'] } });
    const journeyId = (await client.post('/v1/journeys', journey)).body.id as string;
    expect((await client.post(`/v1/journeys/${journeyId}/publish`, { note: 'win-back' })).status).toBe(200);

    const order = (userId: string, messageId: string, at: string) => ({ type: 'track', userId, event: 'order_paid', messageId, properties: { amount: 99 }, timestamp: at });
    const crossing = daysAgo(30, 6_000);
    expect(
      (
        await client.post('/v1/batch', {
          batch: [order('lapsed', 'o-1', daysAgo(45)), order('lapsed', 'o-2', daysAgo(40)), order('crossing', 'o-3', crossing), order('active', 'o-4', daysAgo(1)), { type: 'track', userId: 'browser', event: 'app.open' }],
        })
      ).body.accepted,
    ).toBe(5);

    const created = await client.post('/v1/segments', { key: 'dormant-30d', name: 'No order for 30 days', rule: dormant, sweepMinutes: 60 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'dormant-30d', reads: ['activity.order_paid'], sweepMinutes: 60 });
    const enrolled = () => stack.mongo.collection('enrollments').find({ workspaceId, journeyId }).toArray();
    const taggedWinBack = async () => (await stack.mongo.collection('contacts').find({ workspaceId, tags: 'win-back' }, { projection: { externalId: 1 } }).toArray()).map((doc) => doc.externalId).sort();

    // The schedule's first pass: only the lapsed buyer is in, and their journey runs.
    await eventually('the lapsed buyer tagged', async () => (await taggedWinBack()).length === 1);
    expect(await taggedWinBack()).toEqual(['lapsed']);

    // Six seconds on, the second buyer's last order is 30 days old: the next pass takes them in.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(crossing) + 30 * day - Date.now() + 500)));
    const swept = async () => (await client.get('/v1/segments/dormant-30d')).body.lastSweep?.at as string | undefined;
    const firstSweep = await swept();
    expect((await client.post('/v1/segments/dormant-30d/sweep')).status).toBe(202);
    await eventually('the crossing buyer tagged', async () => (await taggedWinBack()).length === 2);
    expect(await taggedWinBack()).toEqual(['crossing', 'lapsed']);
    await eventually('the second pass recorded', async () => (await swept()) !== firstSweep);

    // More passes change nothing: each entry started the journey once.
    const secondSweep = await swept();
    await client.post('/v1/segments/dormant-30d/sweep');
    await eventually('a third pass', async () => (await swept()) !== secondSweep);
    expect((await client.get('/v1/segments/dormant-30d')).body).toMatchObject({ members: 2, lastSweep: { matched: 2, entered: 0, left: 0 } });
    expect((await enrolled()).map((enrollment) => enrollment.status)).toEqual(['completed', 'completed']);
    expect(await stack.mongo.collection('events').countDocuments({ workspaceId, name: '$segment.entered' })).toBe(2);

    // An order brings the lapsed buyer back: they leave as the order is stored, not at the next pass.
    expect((await client.post('/v1/track', { userId: 'lapsed', event: 'order_paid', properties: { amount: 20 } })).status).toBe(200);
    const members = await client.get('/v1/segments/dormant-30d/members');
    expect(members.body.members.map((member: { contact: { externalId: string } }) => member.contact.externalId)).toEqual(['crossing']);
    expect(await stack.mongo.collection('events').countDocuments({ workspaceId, name: '$segment.left', 'properties.segment': 'dormant-30d' })).toBe(1);

    // A live journey enrols it: it stays.
    expectProblem(await client.delete('/v1/segments/dormant-30d'), 409);
  }, 180_000);

  it('defines, previews, pages, changes and deletes segments, and names what is wrong in a definition', async () => {
    const { client } = await createWorkspace(stack.api.url);
    for (const [userId, tags] of [
      ['ann', ['vip']],
      ['bo', ['vip', 'new']],
      ['cy', ['new']],
    ] as const) {
      expect((await client.post('/v1/contacts', { userId, tags: [...tags], traits: { city: userId === 'cy' ? '上海' : '杭州' } })).status).toBe(201);
    }
    const vips: Rule = { kind: 'tags', op: 'has', tags: ['vip'] };
    const preview = await client.post('/v1/segments/preview', { rule: vips, sample: 1 });
    expect(preview.body.count).toBe(2);
    expect(preview.body.sample).toHaveLength(1);

    expect((await client.post('/v1/segments', { key: 'vips', name: 'VIPs', rule: vips })).status).toBe(201);
    expectProblem(await client.post('/v1/segments', { key: 'vips', name: 'again', rule: vips }), 409);
    await eventually('the first pass', async () => (await client.get('/v1/segments/vips')).body.members === 2);
    const first = await client.get('/v1/segments/vips/members?limit=1');
    const second = await client.get(`/v1/segments/vips/members?limit=1&cursor=${encodeURIComponent(first.body.next)}`);
    expect([...first.body.members, ...second.body.members].map((member: { contact: { externalId: string } }) => member.contact.externalId).sort()).toEqual(['ann', 'bo']);
    expect(second.body.next).toBeNull();

    // A contact changed through the API enters at once.
    await client.patch('/v1/contacts/cy', { addTags: ['vip'] });
    expect((await client.get('/v1/segments/vips')).body.members).toBe(3);

    // A new rule is applied by a pass at once.
    const changed = await client.patch('/v1/segments/vips', { rule: { kind: 'all', rules: [vips, { kind: 'field', path: 'traits.city', op: 'eq', value: '杭州' }] } });
    expect(changed.status).toBe(200);
    expect(changed.body.reads).toEqual(['tags', 'traits.city']);
    await eventually('the changed rule applied', async () => (await client.get('/v1/segments/vips')).body.members === 2);
    expect((await client.get('/v1/segments')).body.segments.map((segment: { key: string }) => segment.key)).toEqual(['vips']);

    const bad = await client.post('/v1/segments', { key: 'Bad Key', name: '', rule: { kind: 'field', path: 'traits.x', op: 'gt', value: 'ten' }, extra: 1 });
    expectProblem(bad, 400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(expect.arrayContaining(['key', 'name', 'rule']));
    expectProblem(await client.post('/v1/segments/preview', { rule: { kind: 'field', path: 'traits.$where', op: 'exists' } }), 400);
    expectProblem(await client.get('/v1/segments/nothing-here'), 404);

    expect((await client.delete('/v1/segments/vips')).body).toMatchObject({ deleted: 'vips', memberships: 3 });
    expectProblem(await client.get('/v1/segments/vips'), 404);
    // Without a credential, not even a preview.
    expectProblem(await httpClient(stack.api.url).post('/v1/segments/preview', { rule: vips }), 401);
  }, 120_000);
});
