import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { assignArm } from '@trellis/journey';
import { connectMongo } from '@trellis/runtime';
import { createJourneyWorker } from '@trellis/runtime/dist/worker/create-worker';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from 'mongoose';
import { createWorkspace, RunningApi, startApi, startTimeSkippingTemporal, testMongoUri } from '@trellis/devstack/test/harness';

const welcome = JSON.parse(readFileSync(join(__dirname, '../../../workflows/welcome-series.json'), 'utf8')) as { journey: unknown };
const taskQueue = 'journey-e2e';
const threeDaysMs = 3 * 24 * 3600 * 1000;

describe('a journey end to end: event → enrolment → 3-day wait → tag', () => {
  let env: TestWorkflowEnvironment;
  let mongo: Connection;
  let api: RunningApi;
  let worker: Worker;
  let workerRun: Promise<void>;

  beforeAll(async () => {
    env = await startTimeSkippingTemporal();
    const mongoUri = testMongoUri('e2e');
    mongo = await connectMongo(mongoUri);
    api = await startApi({ mongoUri, temporalAddress: env.address, taskQueue });
    worker = await createJourneyWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', mongo, taskQueue });
    workerRun = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await api?.close();
    await mongo?.dropDatabase();
    await mongo?.close();
    await env?.teardown();
  });

  async function publishWelcome() {
    const workspace = await createWorkspace(api.url);
    const created = await workspace.client.post('/v1/journeys', welcome.journey);
    expect(created.status).toBe(201);
    const published = await workspace.client.post(`/v1/journeys/${created.body.id}/publish`, { note: 'first' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ version: 1, unchanged: false });
    return { ...workspace, journeyId: created.body.id as string };
  }

  it('enrols the contact as one workflow and tags them after three (skipped) days', async () => {
    const { workspaceId, client, journeyId } = await publishWelcome();

    const tracked = await client.post('/v1/events', { userId: 'alice', event: 'signed_up', messageId: 'alice-signup' });
    expect(tracked.status).toBe(202);
    expect(tracked.body.duplicate).toBe(false);
    expect(tracked.body.enrolled).toHaveLength(1);
    const { workflowId, started } = tracked.body.enrolled[0];
    expect(started).toBe(true);
    expect(workflowId).toBe(`w:${workspaceId}:j:${journeyId}:c:${tracked.body.contactId}`);

    // Before the wait is over the contact is enrolled and untagged.
    const before = await client.get('/v1/contacts/alice');
    expect(before.body.tags).toEqual([]);

    const handle = env.client.workflow.getHandle(workflowId);
    await handle.result(); // the test server skips the three days while we wait
    const description = await handle.describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.closeTime!.getTime() - description.startTime.getTime()).toBeGreaterThanOrEqual(threeDaysMs);

    const stored = await mongo.collection('contacts').findOne({ workspaceId, externalId: 'alice' });
    expect(stored?.tags).toEqual(['welcomed']);
    expect((await client.get('/v1/contacts/alice')).body.tags).toEqual(['welcomed']);

    const enrollments = await client.get(`/v1/journeys/${journeyId}/enrollments`);
    expect(enrollments.status).toBe(200);
    expect(enrollments.body.enrollments).toEqual([
      expect.objectContaining({ workflowId, contactId: tracked.body.contactId, version: 1, status: 'completed', currentNodeId: 'done' }),
    ]);

    const steps = await mongo.collection('steps').find({ workflowId }).sort({ at: 1 }).toArray();
    expect(steps.map((step) => `${step.kind}:${step.nodeId}`)).toEqual([
      'entered:signed-up',
      'entered:wait-3-days',
      'entered:tag-welcomed',
      'completed:tag-welcomed',
      'entered:done',
      'exited:done',
    ]);
  });

  it('stores a duplicate event once and enrols once', async () => {
    const { workspaceId, client, journeyId } = await publishWelcome();
    const event = { userId: 'bob', event: 'signed_up', messageId: 'bob-signup' };

    const first = await client.post('/v1/events', event);
    const second = await client.post('/v1/events', event);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(first.body.enrolled).toHaveLength(1);
    expect(second.body).toMatchObject({ duplicate: true, enrolled: [], eventId: first.body.eventId });

    // A new event for a contact already in the journey does not enrol them again either.
    const another = await client.post('/v1/events', { ...event, messageId: 'bob-signup-again' });
    expect(another.body.enrolled).toEqual([expect.objectContaining({ started: false })]);

    expect(await mongo.collection('events').countDocuments({ workspaceId, messageId: 'bob-signup' })).toBe(1);
    expect(await mongo.collection('enrollments').countDocuments({ workspaceId, journeyId })).toBe(1);
    const enrollments = await client.get(`/v1/journeys/${journeyId}/enrollments`);
    expect(enrollments.body.enrollments).toHaveLength(1);

    await env.client.workflow.getHandle(first.body.enrolled[0].workflowId).result();
    expect((await client.get('/v1/contacts/bob')).body.tags).toEqual(['welcomed']);
  });

  it('filters the trigger by event properties, records the source, splits stickily and updates the profile', async () => {
    const workspace = await createWorkspace(api.url);
    const arms = [{ id: 'points', weight: 50 }, { id: 'tag', weight: 50 }];
    const draft = {
      name: 'Store live codes',
      nodes: [
        { id: 'scanned', type: 'trigger.event', config: { event: 'joined_wecom', where: { kind: 'field', path: 'properties.state', op: 'in', value: ['store-sh-01'] }, sourceProperty: 'state' } },
        { id: 'split', type: 'branch.split', config: { experimentId: 'store-welcome', arms } },
        { id: 'points', type: 'action.update', config: { increment: { points: 10 }, lifecycleStage: 'growth' } },
        { id: 'tag', type: 'action.tag', config: { add: ['store-visitor'] } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'scanned', port: 'next', to: 'split' },
        { from: 'split', port: 'points', to: 'points' },
        { from: 'split', port: 'tag', to: 'tag' },
        { from: 'points', port: 'next', to: 'done' },
        { from: 'tag', port: 'next', to: 'done' },
      ],
    };
    const created = await workspace.client.post('/v1/journeys', draft);
    expect((await workspace.client.post(`/v1/journeys/${created.body.id}/publish`)).status).toBe(200);

    const elsewhere = await workspace.client.post('/v1/events', { userId: 'dan', event: 'joined_wecom', properties: { state: 'store-bj-09' } });
    expect(elsewhere.body.enrolled).toEqual([]);

    const tracked = await workspace.client.post('/v1/events', { userId: 'dan', event: 'joined_wecom', properties: { state: 'store-sh-01' } });
    expect(tracked.body.enrolled).toEqual([expect.objectContaining({ started: true })]);
    const { workflowId } = tracked.body.enrolled[0];
    await env.client.workflow.getHandle(workflowId).result();

    expect(await mongo.collection('enrollments').findOne({ workflowId })).toMatchObject({ source: 'store-sh-01', status: 'completed' });
    const arm = assignArm(arms, 'store-welcome', tracked.body.contactId as string).id;
    const split = await mongo.collection('steps').findOne({ workflowId, nodeId: 'split', kind: 'completed' });
    expect(split?.output).toEqual({ experimentId: 'store-welcome', arm, holdout: false });
    const contact = await mongo.collection('contacts').findOne({ workspaceId: workspace.workspaceId, externalId: 'dan' });
    if (arm === 'points') expect(contact).toMatchObject({ traits: { points: 10 }, lifecycleStage: 'growth' });
    else expect(contact?.tags).toEqual(['store-visitor']);
  });
});
