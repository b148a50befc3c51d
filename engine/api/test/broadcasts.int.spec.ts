import { createWorkspace, eventually, expectProblem, httpClient, startApi, startApiAlone, workerProcess } from '@trellis/devstack/test/harness';

type Client = Awaited<ReturnType<typeof createWorkspace>>['client'];

/** `count` contacts through a CSV import: every third without the `vip` tag. */
async function importContacts(url: string, apiKey: string, client: Client, prefix: string, count: number, zones = ['Europe/Berlin', 'Asia/Shanghai']): Promise<void> {
  const rows = Array.from({ length: count }, (_, index) => `${prefix}-${index},${index % 3 === 2 ? 'regular' : 'vip'},${zones[index % zones.length]}`);
  const job = await client.post('/v1/contact-imports', { mapping: { columns: { id: 'userId', tags: 'tags', tz: 'timezone' } } });
  const uploaded = await fetch(`${url}/v1/contact-imports/${job.body.id}/file`, { method: 'PUT', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' }, body: `id,tags,tz\n${rows.join('\n')}\n` });
  expect(uploaded.status).toBe(202);
  await eventually('contacts imported', async () => (await client.get(`/v1/contact-imports/${job.body.id}`)).body.status === 'completed', 120_000, 250);
}

const broadcastJourney = (name: string, schedule: unknown) => ({
  name,
  nodes: [
    { id: 'monday', type: 'trigger.schedule', config: { schedule, segment: 'vips' } },
    { id: 'mark', type: 'action.tag', config: { add: [`got-${name}`] } },
    { id: 'done', type: 'exit', config: {} },
  ],
  edges: [
    { from: 'monday', port: 'next', to: 'mark' },
    { from: 'mark', port: 'next', to: 'done' },
  ],
});

describe('scheduled broadcasts: a segment enrolled at each firing, in batches, resumable, never twice', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;

  beforeAll(async () => {
    stack = await startApiAlone('broadcasts');
    await stack.temporal.supervisor.start(workerProcess({ mongoUri: stack.mongoUri, temporalAddress: stack.temporal.address, taskQueue: 'broadcasts' }));
  }, 180_000);

  afterAll(() => stack?.stop());

  async function lastBroadcast(client: Client, journeyId: string, count: number) {
    return eventually(
      `broadcast ${count} of ${journeyId} finished`,
      async () => {
        const { broadcasts } = (await client.get(`/v1/journeys/${journeyId}/broadcasts`)).body;
        return broadcasts.length === count && broadcasts[0].status !== 'running' ? broadcasts[0] : undefined;
      },
      300_000,
      250,
    );
  }

  it('fires once at its instant for the segment’s members, then again by hand without enrolling anyone twice', async () => {
    const { client, apiKey, workspaceId } = await createWorkspace(stack.api.url);
    await importContacts(stack.api.url, apiKey, client, 'fan', 300);
    expect((await client.post('/v1/segments', { key: 'vips', name: 'VIPs', rule: { kind: 'tags', op: 'has', tags: ['vip'] } })).status).toBe(201);

    const at = new Date(Date.now() + 6_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const created = await client.post('/v1/journeys', broadcastJourney('launch', { kind: 'once', at }));
    const journeyId = created.body.id as string;
    expect((await client.post(`/v1/journeys/${journeyId}/publish`, { note: 'launch day' })).status).toBe(200);

    const first = await lastBroadcast(client, journeyId, 1);
    expect(first).toMatchObject({ status: 'completed', segment: 'vips', recipients: 200, enrolled: 200, skipped: 0, firingAt: new Date(at).toISOString() });
    expect(first.waves).toEqual([{ at: new Date(at).toISOString(), zones: null, recipients: 200 }]);
    const enrolments = await stack.mongo.collection('enrollments').find({ workspaceId, journeyId }).toArray();
    expect(enrolments).toHaveLength(200);
    expect(new Set(enrolments.map((enrolment) => enrolment.contactId)).size).toBe(200);
    await eventually('every member tagged', async () => (await stack.mongo.collection('contacts').countDocuments({ workspaceId, tags: 'got-launch' })) === 200, 120_000, 500);
    expect(await stack.mongo.collection('contacts').countDocuments({ workspaceId, $and: [{ tags: 'regular' }, { tags: 'got-launch' }] })).toBe(0);

    // By hand: the journey lets nobody in twice (re-entry "never"), so every member is skipped.
    expect((await client.post(`/v1/journeys/${journeyId}/broadcasts`)).status).toBe(202);
    expect(await lastBroadcast(client, journeyId, 2)).toMatchObject({ status: 'completed', recipients: 200, enrolled: 0, skipped: 200 });
    expect(await stack.mongo.collection('enrollments').countDocuments({ workspaceId, journeyId })).toBe(200);

    // Paused: no firing enrols anyone; archived: the schedule is gone.
    expect((await client.post(`/v1/journeys/${journeyId}/pause`)).status).toBe(200);
    expect((await client.post(`/v1/journeys/${journeyId}/archive`)).status).toBe(200);
    expectProblem(await client.post(`/v1/journeys/${journeyId}/broadcasts`), 409);
  }, 600_000);

  it('reaches each time zone at its own clock: the earliest zone at once, Shanghai six hours later', async () => {
    const { client, apiKey, workspaceId } = await createWorkspace(stack.api.url);
    await importContacts(stack.api.url, apiKey, client, 'zone', 30, ['Pacific/Kiritimati', 'Asia/Shanghai']);
    expect((await client.post('/v1/segments', { key: 'vips', name: 'VIPs', rule: { kind: 'tags', op: 'has', tags: ['vip'] } })).status).toBe(201);
    const created = await client.post('/v1/journeys', broadcastJourney('local-morning', { kind: 'cron', cron: '0 8 * * 1', timezone: 'Asia/Shanghai', inContactTimeZone: true }));
    const journeyId = created.body.id as string;
    expect((await client.post(`/v1/journeys/${journeyId}/publish`)).status).toBe(200);
    expect((await client.post(`/v1/journeys/${journeyId}/broadcasts`)).status).toBe(202);
    // Fired by hand now: the wall-clock time it is now at UTC+14 reaches Kiritimati at once and Shanghai (UTC+8) six hours on.
    const firing = await eventually(
      'the first wave enrolled',
      async () => {
        const [latest] = (await client.get(`/v1/journeys/${journeyId}/broadcasts`)).body.broadcasts;
        return latest?.enrolled === 10 ? latest : undefined;
      },
      120_000,
      250,
    );
    expect(firing).toMatchObject({ status: 'running', recipients: 20, skipped: 0 });
    expect(firing.waves.map((wave: { zones: string[]; recipients: number }) => [wave.zones, wave.recipients])).toEqual([
      [['Pacific/Kiritimati'], 10],
      [['Asia/Shanghai'], 10],
    ]);
    const [first, second] = firing.waves.map((wave: { at: string }) => Date.parse(wave.at));
    expect(second - first).toBe(6 * 3_600_000);
    expect(Math.abs(first - Date.parse(firing.firingAt))).toBeLessThan(60_000);
    const enrolled = await stack.mongo.collection('enrollments').find({ workspaceId, journeyId }).toArray();
    expect(enrolled).toHaveLength(10);
    // Archived before Shanghai's morning: that wave never enrols.
    expect((await client.post(`/v1/journeys/${journeyId}/archive`)).status).toBe(200);
  }, 300_000);

  it('refuses a cron the scheduler would read differently, resolves hashed fields, and checks its schedule like any config', async () => {
    const { client } = await createWorkspace(stack.api.url);
    expect((await client.post('/v1/segments', { key: 'vips', name: 'VIPs', rule: { kind: 'tags', op: 'has', tags: ['vip'] } })).status).toBe(201);
    const lastDay = await client.post('/v1/journeys', broadcastJourney('month-end', { kind: 'cron', cron: '0 10 L * *', timezone: 'Asia/Shanghai' }));
    const refused = await client.post(`/v1/journeys/${lastDay.body.id}/publish`);
    expectProblem(refused, 422);
    const weekly = await client.post('/v1/journeys', broadcastJourney('weekly', { kind: 'cron', cron: '0 8 * * 1', timezone: 'Asia/Shanghai', inContactTimeZone: true }));
    expect((await client.post(`/v1/journeys/${weekly.body.id}/publish`)).status).toBe(200);
    // A hashed minute (spread load) is resolved before Temporal reads it.
    const hashed = await client.post('/v1/journeys', broadcastJourney('spread', { kind: 'cron', cron: 'H 9 * * mon-fri', timezone: 'Asia/Shanghai' }));
    expect((await client.post(`/v1/journeys/${hashed.body.id}/publish`)).status).toBe(200);
    const tooOften = await client.post('/v1/journeys', broadcastJourney('spam', { kind: 'cron', cron: '*/5 * * * *' }));
    expectProblem(await client.post(`/v1/journeys/${tooOften.body.id}/publish`), 422);
  }, 120_000);

  it('finishes a firing on another API process when the one running it stops, enrolling each member exactly once', async () => {
    const { client, apiKey, workspaceId } = await createWorkspace(stack.api.url);
    const members = 600;
    await importContacts(stack.api.url, apiKey, client, 'crowd', members * 1.5);
    expect((await client.post('/v1/segments', { key: 'vips', name: 'VIPs', rule: { kind: 'tags', op: 'has', tags: ['vip'] } })).status).toBe(201);
    // Two more API processes sharing an activity queue of their own: the firing runs on the first, which then stops.
    const processOn = () => startApi({ mongoUri: stack.mongoUri, temporalAddress: stack.temporal.address, taskQueue: 'broadcasts', config: { TEMPORAL_API_TASK_QUEUE: 'broadcasts-resume' } });
    const first = await processOn();
    const firstClient = httpClient(first.url, apiKey);
    const created = await firstClient.post('/v1/journeys', broadcastJourney('flash-sale', { kind: 'cron', cron: '0 10 * * 1' }));
    const journeyId = created.body.id as string;
    expect((await firstClient.post(`/v1/journeys/${journeyId}/publish`)).status).toBe(200);
    expect((await firstClient.post(`/v1/journeys/${journeyId}/broadcasts`)).status).toBe(202);
    await eventually('the firing under way', async () => (await stack.mongo.collection('enrollments').countDocuments({ workspaceId, journeyId })) >= 100, 120_000, 100);
    const second = await processOn();
    try {
      await first.close();
      const done = await lastBroadcast(client, journeyId, 1);
      expect(done).toMatchObject({ status: 'completed', recipients: members, enrolled: members, skipped: 0 });
      const enrolments = await stack.mongo.collection('enrollments').find({ workspaceId, journeyId }).toArray();
      expect(enrolments).toHaveLength(members);
      expect(new Set(enrolments.map((enrolment) => enrolment.contactId)).size).toBe(members);
    } finally {
      await second.close();
    }
  }, 600_000);
});
