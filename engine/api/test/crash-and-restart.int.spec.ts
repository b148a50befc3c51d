import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { connectMongo } from '@trellis/runtime';
import { Connection } from 'mongoose';
import {
  createWorkspace,
  DevTemporal,
  eventually,
  expectProblem,
  httpClient,
  RunningApi,
  startApi,
  startDevTemporal,
  testMongoUri,
  workerProcess,
} from '@trellis/devstack/test/harness';

const taskQueue = 'crash-and-restart';

/**
 * Faults in real time on a dev server of the test's own: workers killed with SIGKILL in their
 * own processes, and the Temporal server itself killed and started again from its SQLite file.
 * Effects are counted in Mongo: nothing may happen twice, nothing may be lost.
 */
describe('crashes and restarts', () => {
  let temporal: DevTemporal;
  let mongo: Connection;
  let mongoUri: string;
  let api: RunningApi;
  let client: Client;

  beforeAll(async () => {
    temporal = await startDevTemporal('crash');
    mongoUri = testMongoUri('crash');
    mongo = await connectMongo(mongoUri);
    api = await startApi({ mongoUri, temporalAddress: temporal.address, taskQueue });
    client = new Client({ connection: await TemporalConnection.connect({ address: temporal.address }) });
  }, 120_000);

  // A failed test must not leave its worker running into the next one.
  afterEach(() => temporal.supervisor.kill('worker'));

  afterAll(async () => {
    await client?.connection.close();
    await api?.close();
    await temporal?.stop();
    await mongo?.dropDatabase();
    await mongo?.close();
  });

  const worker = (script?: string) => workerProcess({ mongoUri, temporalAddress: temporal.address, taskQueue }, script);

  async function publish(http: ReturnType<typeof httpClient>, journey: unknown) {
    const created = await http.post('/v1/journeys', journey);
    expect(created.status).toBe(201);
    expect((await http.post(`/v1/journeys/${created.body.id}/publish`, { note: 'fault test' })).status).toBe(200);
    return created.body.id as string;
  }

  /** A straight journey's stats once everyone finished: each node entered and left once per contact, nobody left waiting. */
  async function expectExactStats(http: ReturnType<typeof httpClient>, journeyId: string, contacts: number, path: string[]) {
    const stats = (await http.get(`/v1/journeys/${journeyId}/stats`)).body;
    expect(stats.journey).toMatchObject({ enrolled: contacts, active: 0, exitedByReason: { completed: contacts } });
    expect(stats.nodes.map((node: { id: string; entered: number; waiting: number; exited: number; ports: Record<string, number> }) => [node.id, node.entered, node.waiting, node.exited, node.ports])).toEqual(
      path.map((id, index) => [id, contacts, 0, index === path.length - 1 ? contacts : 0, index === path.length - 1 ? {} : { next: contacts }]),
    );
  }

  const enrollments = (journeyId: string) => mongo.collection('enrollments').find({ journeyId }).toArray();
  const stepsAt = (journeyId: string, nodeId: string, kind: string) => mongo.collection('steps').countDocuments({ journeyId, nodeId, kind });

  it(
    'a worker killed while contacts sleep, then Temporal killed and restarted: every enrolment finishes, each effect once',
    async () => {
      const { workspaceId, client: http } = await createWorkspace(api.url);
      const journeyId = await publish(http, {
        name: 'Welcome, then reward after a minute',
        nodes: [
          { id: 'joined', type: 'trigger.event', config: { event: 'joined' } },
          { id: 'welcome', type: 'action.tag', config: { add: ['welcomed'] } },
          { id: 'pause', type: 'wait.delay', config: { amount: 1, unit: 'minutes' } },
          { id: 'reward', type: 'action.update', config: { increment: { points: 10 } } },
          { id: 'done', type: 'exit', config: {} },
        ],
        edges: [
          { from: 'joined', port: 'next', to: 'welcome' },
          { from: 'welcome', port: 'next', to: 'pause' },
          { from: 'pause', port: 'next', to: 'reward' },
          { from: 'reward', port: 'next', to: 'done' },
        ],
      });
      await temporal.supervisor.start(worker());
      const users = Array.from({ length: 20 }, (_, index) => `sleeper-${index}`);
      for (const userId of users) {
        expect((await http.post('/v1/events', { userId, event: 'joined', messageId: `${userId}-joined` })).status).toBe(202);
      }
      await eventually('every contact asleep in the delay', async () => (await stepsAt(journeyId, 'pause', 'entered')) === users.length);
      // "Who is waiting where" is one visibility query on the current-node search attribute.
      const asleep = `TrellisJourneyId = "${journeyId}" AND TrellisNodeId = "pause" AND ExecutionStatus = "Running"`;
      await eventually('visibility to list every sleeper', async () => (await client.workflow.count(asleep)).count === users.length, 30_000);

      // The worker dies mid-journey; a new one takes over.
      await temporal.supervisor.kill('worker');
      await temporal.supervisor.start(worker());

      // Then the server dies. An event now is stored but cannot start its workflow: 503, retry later.
      await temporal.crash();
      const late = { userId: 'late-joiner', event: 'joined', messageId: 'late-joiner-joined' };
      const refused = await http.post('/v1/events', late);
      expectProblem(refused, 503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(await mongo.collection('events').countDocuments({ workspaceId, messageId: late.messageId })).toBe(1);

      // Restarted from its SQLite file; the running worker and the API reconnect by themselves.
      await temporal.restart();
      const retried = await eventually('the API to reach Temporal again', async () => {
        const answer = await http.post('/v1/events', late);
        return answer.status === 202 ? answer : undefined;
      });
      expect(retried.body).toMatchObject({ duplicate: true, enrolled: [{ journeyId, started: true }] });

      const all = [...users, late.userId];
      const finished = await eventually(
        'every enrolment to finish',
        async () => {
          const rows = await enrollments(journeyId);
          return rows.length === all.length && rows.every((row) => row.status === 'completed') ? rows : undefined;
        },
        150_000,
        1000,
      );
      expect(finished.map((row) => row.exitReason)).toEqual(all.map(() => 'completed'));
      for (const row of finished) {
        const description = await client.workflow.getHandle(row.workflowId).describe();
        expect(description.status.name).toBe('COMPLETED');
        // The delay was real: a minute at least between enrolling and finishing.
        expect(description.closeTime!.getTime() - description.startTime.getTime()).toBeGreaterThanOrEqual(60_000);
      }
      const contacts = await mongo.collection('contacts').find({ workspaceId }).toArray();
      expect(contacts.map((contact) => contact.externalId).sort()).toEqual([...all].sort());
      for (const contact of contacts) {
        expect(contact.tags).toEqual(['welcomed']);
        expect(contact.traits).toEqual({ points: 10 });
      }
      expect(await mongo.collection('action_runs').countDocuments({ workspaceId })).toBe(all.length * 2);
      expect(await stepsAt(journeyId, 'reward', 'completed')).toBe(all.length);
      // The journey's stats were kept as the steps were logged, across the dead worker and server: each counted once.
      await expectExactStats(http, journeyId, all.length, ['joined', 'welcome', 'pause', 'reward', 'done']);
    },
    300_000,
  );

  it(
    'a worker killed while an action is mid-retry: a new worker finishes it without applying it twice',
    async () => {
      const { workspaceId, client: http } = await createWorkspace(api.url);
      const journeyId = await publish(http, {
        name: 'Reward a redemption',
        nodes: [
          { id: 'redeemed', type: 'trigger.event', config: { event: 'redeemed' } },
          { id: 'reward', type: 'action.update', config: { increment: { points: 10 } } },
          { id: 'thank', type: 'action.tag', config: { add: ['rewarded'] } },
          { id: 'done', type: 'exit', config: {} },
        ],
        edges: [
          { from: 'redeemed', port: 'next', to: 'reward' },
          { from: 'reward', port: 'next', to: 'thank' },
          { from: 'thank', port: 'next', to: 'done' },
        ],
      });
      // This worker's profile updates reach Mongo, then lose their reply: every one is retried.
      await temporal.supervisor.start(worker('lossy-worker.ts'));
      const users = Array.from({ length: 10 }, (_, index) => `redeemer-${index}`);
      for (const userId of users) {
        expect((await http.post('/v1/events', { userId, event: 'redeemed', messageId: `${userId}-redeemed` })).status).toBe(202);
      }
      await eventually('every reward applied (and its reply lost)', async () => {
        return (await mongo.collection('contacts').countDocuments({ workspaceId, 'traits.points': 10 })) === users.length;
      });
      expect(await stepsAt(journeyId, 'reward', 'completed')).toBe(0);

      await temporal.supervisor.kill('worker');
      await temporal.supervisor.start(worker());
      const finished = await eventually(
        'every enrolment to finish',
        async () => {
          const rows = await enrollments(journeyId);
          return rows.length === users.length && rows.every((row) => row.status === 'completed') ? rows : undefined;
        },
        120_000,
        500,
      );
      for (const row of finished) {
        const history = await client.workflow.getHandle(row.workflowId).fetchHistory();
        // The reward is a local activity: the killed worker was retrying it inside a workflow task,
        // which timed out, and the new worker ran the reward again from the start.
        expect(history.events!.some((event) => event.workflowTaskTimedOutEventAttributes || event.workflowTaskFailedEventAttributes)).toBe(true);
      }
      expect(await mongo.collection('action_runs').countDocuments({ workspaceId })).toBe(users.length * 2);
      const contacts = await mongo.collection('contacts').find({ workspaceId }).toArray();
      expect(contacts).toHaveLength(users.length);
      for (const contact of contacts) {
        expect(contact.traits).toEqual({ points: 10 });
        expect(contact.tags).toEqual(['rewarded']);
      }
      await expectExactStats(http, journeyId, users.length, ['redeemed', 'reward', 'thank', 'done']);
    },
    240_000,
  );
});
