import { testMongoUri } from '@trellis/devstack/test/harness';
import { CountedStep } from '@trellis/journey';
import { Connection, Types } from 'mongoose';
import { journeyStatsStore } from '../src/stats/journey-stats-store';
import { connectMongo } from '../src/store/connect';
import { runtimeModels, RuntimeModels } from '../src/store/models';
import { stepId } from '../src/store/step.schema';

/** Every version (there is one) over all time. */
const everything = { latestVersion: 1, since: '2026-11-01' };

/** One enrolment's path as two batches: entering and waiting, then leaving. */
const waiting: CountedStep[] = [
  { nodeId: 'in', visit: 1, kind: 'entered' },
  { nodeId: 'wait', visit: 1, kind: 'entered', from: { nodeId: 'in', port: 'next' } },
];
const leaving: CountedStep[] = [
  { nodeId: 'out', visit: 1, kind: 'entered', from: { nodeId: 'wait', port: 'next' } },
  { nodeId: 'out', visit: 1, kind: 'exited', output: { reason: 'completed' } },
];

/** The stats store against the real database: every way a batch could count twice, or not at all. */
describe('journeyStatsStore: exact counts without transactions', () => {
  let mongo: Connection;
  let models: RuntimeModels;
  let journeyId: string;

  beforeAll(async () => {
    mongo = await connectMongo(testMongoUri('journey-stats-store'));
    models = runtimeModels(mongo);
    await Promise.all(Object.values(models).map((model) => model.init()));
  });

  afterAll(async () => {
    await mongo?.dropDatabase();
    await mongo?.close();
  });

  beforeEach(() => {
    journeyId = new Types.ObjectId().toHexString();
  });

  /** Logs a batch as the worker does: its steps first (numbered from `seq`), then its counts. */
  async function logBatch(store: ReturnType<typeof journeyStatsStore>, workflowId: string, seq: number, steps: CountedStep[], at = new Date('2026-11-23T10:00:00Z')) {
    const docs = steps.map((step, index) => ({ _id: stepId(workflowId, seq + index), workspaceId: 'ws', journeyId, workflowId, seq: seq + index, ...step, at }));
    await (models.steps.collection as unknown as { insertMany(docs: unknown[], options: object): Promise<unknown> }).insertMany(docs, { ordered: false }).catch(() => undefined);
    await store.collect({ batchId: stepId(workflowId, seq), workspaceId: 'ws', journeyId, version: 1, at, steps });
  }

  it('counts a batch once, however often it is logged, before or after it was folded', async () => {
    const store = journeyStatsStore(models);
    await logBatch(store, 'wf-1', 0, waiting);
    await logBatch(store, 'wf-1', 0, waiting);
    let { allTime } = await store.read(journeyId, everything);
    expect(allTime.enrolled).toBe(1);
    expect(allTime.nodes.wait).toEqual({ entered: 1, reached: 1 });
    // The worker was killed after logging, before Temporal heard back: the batch is logged again, after the fold.
    await logBatch(store, 'wf-1', 0, waiting);
    await logBatch(store, 'wf-1', 2, leaving);
    ({ allTime } = await store.read(journeyId, everything));
    expect(allTime).toMatchObject({ enrolled: 1, exits: { completed: 1 } });
    expect(allTime.nodes).toEqual({
      in: { entered: 1, reached: 1, left: 1, ports: { next: 1 } },
      wait: { entered: 1, reached: 1, left: 1, ports: { next: 1 } },
      out: { entered: 1, reached: 1, left: 1, exited: 1 },
    });
    expect(await models.statInbox.countDocuments({ journeyId })).toBe(0);
  });

  it('finishes a fold that was interrupted after adding a batch, without adding it again', async () => {
    const store = journeyStatsStore(models);
    await logBatch(store, 'wf-2', 0, waiting);
    // The state a folder leaves when it dies right after adding the batch to the day's totals.
    const batchId = stepId('wf-2', 0);
    await models.journeyStats.collection.insertOne({ _id: `${journeyId}:1:2026-11-23`, journeyId, version: 1, day: '2026-11-23', enrolled: 1, nodes: { in: { entered: 1, reached: 1, left: 1, ports: { next: 1 } }, wait: { entered: 1, reached: 1 } }, pending: [batchId] } as never);
    // It was in the day's totals already, not yet in the version's: added there, and only there.
    const { allTime, period } = await store.read(journeyId, { ...everything, from: '2026-11-23', to: '2026-11-23' });
    expect([allTime.enrolled, period.enrolled]).toEqual([1, 1]);
    expect(allTime.nodes.wait).toEqual({ entered: 1, reached: 1 });
    const day = await models.journeyStats.collection.findOne({ _id: `${journeyId}:1:2026-11-23` } as never);
    expect(day?.pending).toEqual([]);
    expect((await models.steps.collection.findOne({ _id: batchId } as never))?.counted).toBe(true);
  });

  it('keeps exact counts with folders racing, and leaves a journey another folder holds', async () => {
    const folders = [journeyStatsStore(models), journeyStatsStore(models), journeyStatsStore(models)];
    const enrolments = Array.from({ length: 60 }, (_, index) => `wf-race-${index}`);
    await Promise.all(
      enrolments.map(async (workflowId, index) => {
        const store = folders[index % folders.length]!;
        await logBatch(store, workflowId, 0, waiting);
        if (index % 2 === 0) await store.fold(journeyId);
        await logBatch(store, workflowId, 2, leaving);
        await store.fold(journeyId);
      }),
    );
    const { allTime } = await folders[0]!.read(journeyId, everything);
    expect(allTime.enrolled).toBe(60);
    expect(allTime.exits).toEqual({ completed: 60 });
    expect(allTime.nodes.wait).toEqual({ entered: 60, reached: 60, left: 60, ports: { next: 60 } });

    // Another folder holds the journey (its lease runs a while yet): this one leaves it be.
    await models.journeyStats.collection.updateOne({ _id: `lease:${journeyId}` } as never, { $set: { owner: 'someone else', until: new Date(Date.now() + 60_000) } });
    await logBatch(folders[1]!, 'wf-late', 0, waiting);
    expect(await folders[1]!.fold(journeyId)).toEqual({ folded: 0, busy: true });
    await models.journeyStats.collection.updateOne({ _id: `lease:${journeyId}` } as never, { $set: { until: new Date(0) } });
    expect(await folders[1]!.fold(journeyId)).toEqual({ folded: 1, busy: false });
  });

  it('reads a period and a version on their own', async () => {
    const store = journeyStatsStore(models);
    await logBatch(store, 'wf-day-1', 0, waiting, new Date('2026-11-20T10:00:00Z'));
    await logBatch(store, 'wf-day-2', 0, waiting, new Date('2026-11-22T10:00:00Z'));
    const { period, allTime, versions } = await store.read(journeyId, { ...everything, from: '2026-11-21', to: '2026-11-30' });
    expect([period.enrolled, allTime.enrolled, versions]).toEqual([1, 2, [1]]);
    expect((await store.read(journeyId, { ...everything, from: '2026-11-20' })).period.enrolled).toBe(2);
    expect((await store.read(journeyId, { latestVersion: 2, version: 2, since: everything.since })).allTime.enrolled).toBe(0);
  });
});
