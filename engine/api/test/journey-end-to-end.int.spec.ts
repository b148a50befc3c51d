import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { assignArm, defaultJourneySettings, nextLocalTime, simulate, simulationScript } from '@trellis/journey';
import { chain, compileOrThrow, waitForPurchase } from '@trellis/journey/dist/testing/journey-builder';
import { createFullCatalogue, simulateActions } from '@trellis/nodes';
import { connectMongo, currentNodeQuery, journeyControlSignal, journeyWorkflowType } from '@trellis/runtime';
import { createJourneyWorker } from '@trellis/runtime/dist/worker/create-worker';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from 'mongoose';
import { ObjectId } from 'mongodb';
// The built API, as the app under test runs it: its providers are looked up by these classes.
import { EnrollmentsService } from '../dist/events/enrollments.service';
import { createWorkspace, eventually, expectProblem, recordHistory, RunningApi, startApi, startTimeSkippingTemporal, testMongoUri } from '@trellis/devstack/test/harness';

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
    await recordHistory(env.client.workflow.getHandle(workflowId), 'split-and-update');

    expect(await mongo.collection('enrollments').findOne({ workflowId })).toMatchObject({ source: 'store-sh-01', status: 'completed' });
    const arm = assignArm(arms, 'store-welcome', tracked.body.contactId as string).id;
    const split = await mongo.collection('steps').findOne({ workflowId, nodeId: 'split', kind: 'completed' });
    expect(split?.output).toEqual({ experimentId: 'store-welcome', arm, holdout: false });
    const contact = await mongo.collection('contacts').findOne({ workspaceId: workspace.workspaceId, externalId: 'dan' });
    if (arm === 'points') expect(contact).toMatchObject({ traits: { points: 10 }, lifecycleStage: 'growth' });
    else expect(contact?.tags).toEqual(['store-visitor']);
  });

  it('routes events into running enrolments: an event wait takes "received" at 30 h or "timedOut" at 48 h, and a goal ends an enrolment wherever it is', async () => {
    const workspace = await createWorkspace(api.url);
    const publish = async (draft: unknown) => {
      const created = await workspace.client.post('/v1/journeys', draft);
      const published = await workspace.client.post(`/v1/journeys/${created.body.id}/publish`);
      expect(published.status).toBe(200);
      return created.body.id as string;
    };
    await publish(waitForPurchase);
    await publish({
      name: 'Week of tips, until they buy',
      settings: { goal: { event: 'order_paid', exitOnGoal: true } },
      nodes: [
        { id: 'checkout', type: 'trigger.event', config: { event: 'checkout_started' } },
        { id: 'week', type: 'wait.delay', config: { amount: 7, unit: 'days' } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'checkout', port: 'next', to: 'week' },
        { from: 'week', port: 'next', to: 'done' },
      ],
    });

    const payer = await workspace.client.post('/v1/events', { userId: 'payer', event: 'checkout_started' });
    const browser = await workspace.client.post('/v1/events', { userId: 'browser', event: 'checkout_started' });
    expect(payer.body.enrolled).toHaveLength(2);
    const workflowOf = (tracked: typeof payer, name: string) =>
      (tracked.body.enrolled as { workflowId: string }[]).find(({ workflowId }) => workflowId.includes(name))?.workflowId ?? '';
    const journeyIds = (await workspace.client.get('/v1/journeys')).body.journeys as { id: string; name: string }[];
    const waitJourney = journeyIds.find((journey) => journey.name === 'Wait for purchase')!.id;
    const tipsJourney = journeyIds.find((journey) => journey.name.startsWith('Week'))!.id;

    await env.sleep(30 * 3600 * 1000);
    const paid = await workspace.client.post('/v1/events', { userId: 'payer', event: 'order_paid', properties: { amount: 199 } });
    expect(paid.status).toBe(202);
    expect((paid.body.signalled as string[]).sort()).toEqual([workflowOf(payer, waitJourney), workflowOf(payer, tipsJourney)].sort());

    for (const tracked of [payer, browser]) for (const journeyId of [waitJourney, tipsJourney]) await env.client.workflow.getHandle(workflowOf(tracked, journeyId)).result();
    await recordHistory(env.client.workflow.getHandle(workflowOf(payer, waitJourney)), 'event-wait-received');
    await recordHistory(env.client.workflow.getHandle(workflowOf(browser, waitJourney)), 'event-wait-timed-out');
    await recordHistory(env.client.workflow.getHandle(workflowOf(payer, tipsJourney)), 'goal-exits-early');

    const enrollment = (tracked: typeof payer, journeyId: string) => mongo.collection('enrollments').findOne({ workflowId: workflowOf(tracked, journeyId) });
    expect(await enrollment(payer, waitJourney)).toMatchObject({ status: 'completed', exitReason: 'completed', currentNodeId: 'done' });
    expect(await enrollment(browser, waitJourney)).toMatchObject({ status: 'completed', exitReason: 'completed', currentNodeId: 'gave-up' });
    expect(await enrollment(payer, tipsJourney)).toMatchObject({ status: 'completed', exitReason: 'goal', currentNodeId: 'week' });
    expect(await enrollment(browser, tipsJourney)).toMatchObject({ status: 'completed', exitReason: 'completed', currentNodeId: 'done' });
    const contactTags = async (userId: string) => (await mongo.collection('contacts').findOne({ workspaceId: workspace.workspaceId, externalId: userId }))?.tags;
    expect(await contactTags('payer')).toEqual(['customer']);
    expect(await contactTags('browser')).toEqual(['abandoned']);

    // Timed on the server's (skipped) clock: paid after 30 h, gave up at exactly 48 h.
    const duration = async (workflowId: string) => {
      const description = await env.client.workflow.getHandle(workflowId).describe();
      return (description.closeTime!.getTime() - description.startTime.getTime()) / 3_600_000;
    };
    expect(await duration(workflowOf(payer, waitJourney))).toBeGreaterThanOrEqual(30);
    expect(await duration(workflowOf(payer, waitJourney))).toBeLessThan(31);
    expect(Math.round(await duration(workflowOf(browser, waitJourney)))).toBe(48);

    // Who ended where, and one contact's story across both journeys.
    const gaveUp = await workspace.client.get(`/v1/journeys/${waitJourney}/enrollments?nodeId=gave-up`);
    expect(gaveUp.body.enrollments).toEqual([expect.objectContaining({ workflowId: workflowOf(browser, waitJourney), exitReason: 'completed' })]);
    const timeline = await workspace.client.get('/v1/contacts/payer/timeline');
    expect(timeline.status).toBe(200);
    expect(timeline.body.enrollments.map((enrollment: { exitReason: string }) => enrollment.exitReason).sort()).toEqual(['completed', 'goal']);
    const waitSteps = (timeline.body.steps as { workflowId: string; kind: string; nodeId: string }[]).filter((entry) => entry.workflowId === workflowOf(payer, waitJourney));
    expect(waitSteps.map((entry) => `${entry.kind}:${entry.nodeId}`)).toEqual(['entered:checkout', 'entered:paid', 'entered:thank', 'completed:thank', 'entered:done', 'exited:done']);
    // In one list, in time order: the goal in the weekly-tips journey, credited where the payer was, then the exit it caused.
    const tips = (timeline.body.entries as { type: string; journeyId: string; nodeId?: string; output?: { reason?: string } }[]).filter((entry) => entry.journeyId === tipsJourney);
    expect(tips.map((entry) => entry.type)).toEqual(['enrolled', 'entered', 'entered', 'goal', 'exited']);
    expect(tips.at(-1)).toMatchObject({ nodeId: 'week', output: { reason: 'goal' } });

    // One semantics, two drivers: the simulator walks both contacts down the same nodes.
    const simulation = await simulate(compileOrThrow(waitForPurchase, createFullCatalogue()), simulationScript.parse({
      start: '2026-11-23T00:00:00Z',
      contacts: [{ id: 'payer' }, { id: 'browser' }],
      events: [
        { at: '2026-11-23T00:00:00Z', contactId: 'payer', name: 'checkout_started' },
        { at: '2026-11-23T00:00:00Z', contactId: 'browser', name: 'checkout_started' },
        { at: '2026-11-24T06:00:00Z', contactId: 'payer', name: 'order_paid', properties: { amount: 199 } },
      ],
    }), simulateActions(createFullCatalogue()));
    if (!simulation.ok) throw new Error(JSON.stringify(simulation.errors));
    const simulated = (id: string) =>
      simulation.contacts[id]!.flatMap((entry) =>
        entry.type === 'entered' ? [`entered:${entry.nodeId}`] : entry.type === 'action' ? [`completed:${entry.nodeId}`] : entry.type === 'exited' ? [`exited:${entry.nodeId}`] : [],
      );
    const ran = async (workflowId: string) =>
      (await mongo.collection('steps').find({ workflowId }).sort({ at: 1, _id: 1 }).toArray()).map((entry) => `${entry.kind}:${entry.nodeId}`);
    expect(await ran(workflowOf(payer, waitJourney))).toEqual(simulated('payer'));
    expect(await ran(workflowOf(browser, waitJourney))).toEqual(simulated('browser'));
  });

  it('reads the contact at run time: branches on its tags and event history, waits for 20:00 in its own zone', async () => {
    const workspace = await createWorkspace(api.url);
    const created = await workspace.client.post('/v1/journeys', {
      name: 'Evening offer for members',
      nodes: [
        { id: 'visited', type: 'trigger.event', config: { event: 'visited_store' } },
        {
          id: 'member',
          type: 'branch.condition',
          config: {
            branches: [
              { id: 'vip', when: { kind: 'all', rules: [{ kind: 'tags', op: 'has', tags: ['member'] }, { kind: 'event', name: 'order_paid', op: 'atLeast', count: 2 }] } },
            ],
          },
        },
        { id: 'evening', type: 'wait.until', config: { mode: 'timeOfDay', time: '20:00' } },
        { id: 'tag-vip', type: 'action.tag', config: { add: ['evening-vip'] } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'visited', port: 'next', to: 'member' },
        { from: 'member', port: 'vip', to: 'evening' },
        { from: 'member', port: 'else', to: 'done' },
        { from: 'evening', port: 'next', to: 'tag-vip' },
        { from: 'tag-vip', port: 'next', to: 'done' },
      ],
    });
    expect((await workspace.client.post(`/v1/journeys/${created.body.id}/publish`)).status).toBe(200);

    for (const userId of ['mei', 'guest']) {
      await workspace.client.post('/v1/events', { userId, event: 'order_paid' });
      await workspace.client.post('/v1/events', { userId, event: 'order_paid' });
    }
    await mongo.collection('contacts').updateOne({ workspaceId: workspace.workspaceId, externalId: 'mei' }, { $set: { tags: ['member'], timezone: 'Asia/Shanghai' } });
    const mei = await workspace.client.post('/v1/events', { userId: 'mei', event: 'visited_store' });
    const guest = await workspace.client.post('/v1/events', { userId: 'guest', event: 'visited_store' });

    const meiHandle = env.client.workflow.getHandle(mei.body.enrolled[0].workflowId);
    await meiHandle.result();
    await env.client.workflow.getHandle(guest.body.enrolled[0].workflowId).result();
    await recordHistory(meiHandle, 'branch-and-local-time');
    const { startTime, closeTime } = await meiHandle.describe();
    // Woke at 20:00 Shanghai time on the server's skipped clock, then tagged and exited within moments.
    const evening = nextLocalTime(startTime.getTime(), 'Asia/Shanghai', '20:00');
    expect(closeTime!.getTime()).toBeGreaterThanOrEqual(evening);
    expect(closeTime!.getTime()).toBeLessThan(evening + 60_000);
    expect((await mongo.collection('contacts').findOne({ workspaceId: workspace.workspaceId, externalId: 'mei' }))?.tags).toEqual(['member', 'evening-vip']);
    expect((await mongo.collection('enrollments').findOne({ workflowId: guest.body.enrolled[0].workflowId }))?.currentNodeId).toBe('done');
  });

  it('pauses (contacts hold before their next action), resumes, archives (contacts exit where they are) and removes one contact', async () => {
    const workspace = await createWorkspace(api.url);
    const { client } = workspace;
    const draft = (name: string) => ({
      name,
      nodes: [
        { id: 'joined', type: 'trigger.event', config: { event: 'joined' } },
        { id: 'day', type: 'wait.delay', config: { amount: 1, unit: 'days' } },
        { id: 'tag', type: 'action.tag', config: { add: [name] } },
        { id: 'month', type: 'wait.delay', config: { amount: 30, unit: 'days' } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'joined', port: 'next', to: 'day' },
        { from: 'day', port: 'next', to: 'tag' },
        { from: 'tag', port: 'next', to: 'month' },
        { from: 'month', port: 'next', to: 'done' },
      ],
    });
    const held = (await client.post('/v1/journeys', draft('held'))).body.id as string;
    const retired = (await client.post('/v1/journeys', draft('retired'))).body.id as string;
    for (const id of [held, retired]) expect((await client.post(`/v1/journeys/${id}/publish`)).status).toBe(200);
    const ann = await client.post('/v1/events', { userId: 'ann', event: 'joined' });
    const ben = await client.post('/v1/events', { userId: 'ben', event: 'joined' });
    const workflow = (tracked: typeof ann, journeyId: string) => (tracked.body.enrolled as { workflowId: string }[]).find(({ workflowId }) => workflowId.includes(journeyId))!.workflowId;

    expect((await client.post(`/v1/journeys/${held}/pause`)).body).toEqual({ journeyId: held, status: 'paused', signalled: 2 });
    expectProblem(await client.post(`/v1/journeys/${held}/pause`), 409);
    expect((await client.post('/v1/events', { userId: 'cat', event: 'joined' })).body.enrolled).toHaveLength(1); // only the active journey
    await env.sleep(2 * 24 * 3600 * 1000);
    const tags = async (userId: string) => (await mongo.collection('contacts').findOne({ workspaceId: workspace.workspaceId, externalId: userId }))?.tags;
    expect(await tags('ann')).toEqual(['retired']); // the paused journey held its tag back
    expect(await mongo.collection('enrollments').findOne({ workflowId: workflow(ann, held) })).toMatchObject({ status: 'running', currentNodeId: 'tag' });

    expect((await client.post(`/v1/journeys/${held}/resume`)).body).toMatchObject({ status: 'active', signalled: 2 });
    expect((await client.delete(`/v1/journeys/${held}/contacts/ben`)).body).toEqual({ journeyId: held, contact: 'ben', removed: [workflow(ben, held)] });
    expectProblem(await client.delete(`/v1/journeys/${held}/contacts/nobody`), 404);
    expect((await client.post(`/v1/journeys/${retired}/archive`)).body).toMatchObject({ status: 'archived', signalled: 3 });
    expectProblem(await client.post(`/v1/journeys/${retired}/publish`), 409);

    for (const id of [workflow(ann, retired), workflow(ben, retired), workflow(ben, held)]) await env.client.workflow.getHandle(id).result();
    await recordHistory(env.client.workflow.getHandle(workflow(ann, retired)), 'archived-mid-wait');
    await recordHistory(env.client.workflow.getHandle(workflow(ben, held)), 'paused-resumed-removed');
    const enrollment = (workflowId: string) => mongo.collection('enrollments').findOne({ workflowId });
    expect(await enrollment(workflow(ann, retired))).toMatchObject({ status: 'completed', exitReason: 'archived', currentNodeId: 'month' });
    expect(await enrollment(workflow(ben, held))).toMatchObject({ status: 'completed', exitReason: 'removed' });
    await env.sleep(1000);
    expect(await tags('ann')).toEqual(['retired', 'held']); // resumed: the held action ran
  });

  it('an enrolment that starts just after a pause or an archive (its signal missed) obeys the status it reads', async () => {
    const { workspaceId, client } = await createWorkspace(api.url);
    const publishTagging = async (tag: string) => {
      const journey = chain(['trigger.event', 'action.tag', 'exit'], { 'trigger.event': { event: 'joined' }, 'action.tag': { add: [tag] } });
      const id = (await client.post('/v1/journeys', journey)).body.id as string;
      expect((await client.post(`/v1/journeys/${id}/publish`)).status).toBe(200);
      const { hash } = (await mongo.collection('journey_versions').findOne({ journeyId: id, version: 1 }))!;
      return { id, hash: hash as string };
    };
    const paused = await publishTagging('paused-tag');
    const archived = await publishTagging('archived-tag');
    const { contactId } = (await client.post('/v1/events', { userId: 'racer', event: 'browsed' })).body;
    expect((await client.post(`/v1/journeys/${paused.id}/pause`)).body.signalled).toBe(0);
    expect((await client.post(`/v1/journeys/${archived.id}/archive`)).body.signalled).toBe(0);

    // What a request that admitted the contact a moment before the status changed goes on to do.
    const start = (journey: { id: string; hash: string }) =>
      env.client.workflow.start(journeyWorkflowType, {
        taskQueue,
        workflowId: `race-${journey.id}`,
        args: [{ workspaceId, journeyId: journey.id, contactId, version: 1, planHash: journey.hash }],
      });
    // Waiting on a result lets the test server skip time; the held enrolment, with no timer, would
    // be skipped to its execution timeout. So the archived one runs out before the held one starts.
    const archivedHandle = await start(archived);
    await archivedHandle.result();
    const heldHandle = await start(paused);
    await env.sleep(60_000);
    expect(await heldHandle.query(currentNodeQuery)).toMatchObject({ nodeId: 'n1' });
    // FerretDB 1.x leaves an empty array out of an upsert's $setOnInsert: no tags may read as none.
    const tags = async () => (await mongo.collection('contacts').findOne({ workspaceId, externalId: 'racer' }))?.tags ?? [];
    expect(await tags()).toEqual([]);
    const exits = await mongo.collection('steps').find({ workflowId: `race-${archived.id}`, kind: 'exited' }).toArray();
    expect(exits.map((step) => step.output)).toEqual([{ reason: 'archived' }]);

    await heldHandle.signal(journeyControlSignal, { command: 'resume' });
    await heldHandle.result();
    expect(await tags()).toEqual(['paused-tag']);
  });

  it('an enrolment the API starts with the opening of its plan acts in its first task, its first write reading the status a pause or an archive it raced left', async () => {
    const { workspaceId, client } = await createWorkspace(api.url);
    const publishTagging = async (tag: string) => {
      const journey = chain(['trigger.event', 'action.tag', 'exit'], { 'trigger.event': { event: `${tag}-joined` }, 'action.tag': { add: [tag] } });
      const id = (await client.post('/v1/journeys', journey)).body.id as string;
      expect((await client.post(`/v1/journeys/${id}/publish`)).status).toBe(200);
      return id;
    };
    await publishTagging('plain');
    const tracked = await client.post('/v1/events', { userId: 'opener', event: 'plain-joined' });
    const { workflowId } = tracked.body.enrolled[0];
    await env.client.workflow.getHandle(workflowId).result();
    const { events } = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const started = events![0]!.workflowExecutionStartedEventAttributes!;
    const input = JSON.parse(Buffer.from(started.input!.payloads![0]!.data!).toString()) as { opening?: { plan: { nodes: Record<string, unknown> } } };
    expect(Object.keys(input.opening!.plan.nodes).sort()).toEqual(['n0', 'n1', 'n2']);
    // One workflow task, and no local activity loaded the plan: the tag and the closing write only.
    const localActivities = events!
      .filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity')
      .map((event) => JSON.parse(Buffer.from(event.markerRecordedEventAttributes!.details!.data!.payloads![0]!.data!).toString()).activity_type);
    expect(localActivities).toEqual(['runAction', 'completeEnrollment']);
    expect(events!.filter((event) => event.workflowTaskCompletedEventAttributes)).toHaveLength(1);

    // What a request that read the routes a moment before the status changed goes on to do.
    const { contactId } = tracked.body;
    const enrollments = api.app.get(EnrollmentsService);
    const enrolRacing = async (journeyId: string) => {
      const { hash } = (await mongo.collection('journey_versions').findOne({ journeyId, version: 1 }))!;
      const outcome = await enrollments.enroll(
        { workspaceId, journeyId, contactId, version: 1, planHash: hash as string },
        { triggerEventId: new ObjectId().toHexString() },
        { listensTo: [], watchesContact: false },
        defaultJourneySettings,
        async () => undefined,
        undefined,
      );
      expect(outcome.started).toBe(true);
      return env.client.workflow.getHandle(outcome.workflowId);
    };
    const paused = await publishTagging('paused');
    const archived = await publishTagging('archived');
    // Its first write is the step log's, as the contact starts to wait.
    const waitFirst = chain(['trigger.event', 'wait.delay', 'action.tag', 'exit'], {
      'trigger.event': { event: 'waiter-joined' },
      'wait.delay': { amount: 1, unit: 'days' },
      'action.tag': { add: ['waited'] },
    });
    const archivedWaiting = (await client.post('/v1/journeys', waitFirst)).body.id as string;
    expect((await client.post(`/v1/journeys/${archivedWaiting}/publish`)).status).toBe(200);
    expect((await client.post(`/v1/journeys/${paused}/pause`)).body.signalled).toBe(0);
    expect((await client.post(`/v1/journeys/${archived}/archive`)).body.signalled).toBe(0);
    expect((await client.post(`/v1/journeys/${archivedWaiting}/archive`)).body.signalled).toBe(0);
    await (await enrolRacing(archivedWaiting)).result();
    const waitExits = await mongo.collection('steps').find({ journeyId: archivedWaiting, kind: 'exited' }).toArray();
    expect(waitExits.map((step) => [step.nodeId, step.output])).toEqual([['n1', { reason: 'archived' }]]);
    const tags = async () => (await mongo.collection('contacts').findOne({ workspaceId, externalId: 'opener' }))?.tags ?? [];
    // Waiting on a result lets the test server skip time (see the test above): the archived one first.
    await (await enrolRacing(archived)).result();
    const held = await enrolRacing(paused);
    await env.sleep(60_000);
    expect(await held.query(currentNodeQuery)).toMatchObject({ nodeId: 'n1' });
    expect(await tags()).toEqual(['plain']);
    const exits = await mongo.collection('steps').find({ journeyId: archived, kind: 'exited' }).toArray();
    expect(exits.map((step) => step.output)).toEqual([{ reason: 'archived' }]);

    expect((await client.post(`/v1/journeys/${paused}/resume`)).body.signalled).toBe(1);
    await held.result();
    expect(await tags()).toEqual(['plain', 'paused']);
  });

  it('keeps routing to the enrolment of an anonymous browser after it turns out to be a known person', async () => {
    const { workspaceId, client } = await createWorkspace(api.url);
    const id = (await client.post('/v1/journeys', waitForPurchase)).body.id as string;
    expect((await client.post(`/v1/journeys/${id}/publish`)).status).toBe(200);
    const browsing = await client.post('/v1/track', { anonymousId: 'cart-device', event: 'checkout_started', messageId: 'anon-checkout' });
    const [{ workflowId }] = browsing.body.enrolled;
    await eventually('the device waiting for its payment', async () => (await env.client.workflow.getHandle(workflowId).query(currentNodeQuery))?.nodeId === 'paid');
    // Signing in merges the device's contact into the known person...
    await client.post('/v1/identify', { userId: 'known-buyer', traits: { tier: 'gold' } });
    const merged = await client.post('/v1/identify', { userId: 'known-buyer', anonymousId: 'cart-device', traits: {} });
    expect(merged.body.contactId).not.toBe(browsing.body.contactId);
    // ...who cannot start the journey again while the device's enrolment runs, and whose payment reaches it.
    const again = await client.post('/v1/track', { userId: 'known-buyer', event: 'checkout_started' });
    expect(again.body.enrolled).toEqual([{ journeyId: id, workflowId, started: false, refused: 'alreadyEnrolled' }]);
    const paid = await client.post('/v1/track', { userId: 'known-buyer', event: 'order_paid', properties: { amount: 20 } });
    expect(paid.body.signalled).toEqual([workflowId]);
    await env.client.workflow.getHandle(workflowId).result();
    const buyer = await mongo.collection('contacts').findOne({ workspaceId, externalId: 'known-buyer' });
    expect(buyer?.tags).toEqual(['customer']);
  });

  it('applies entry rules when an event would enrol: re-entry after exit with a new sequence, audience, capacity', async () => {
    const workspace = await createWorkspace(api.url);
    const { client } = workspace;
    const journey = (name: string, settings: unknown) => ({
      name,
      settings,
      nodes: [
        { id: 'joined', type: 'trigger.event', config: { event: name } },
        { id: 'day', type: 'wait.delay', config: { amount: 1, unit: 'days' } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'joined', port: 'next', to: 'day' },
        { from: 'day', port: 'next', to: 'done' },
      ],
    });
    for (const [name, settings] of [
      ['again', { reentry: { mode: 'afterExit' } }],
      ['members', { audience: { kind: 'tags', op: 'has', tags: ['member'] } }],
      ['one-at-a-time', { maxConcurrent: 1 }],
    ] as const) {
      const created = await client.post('/v1/journeys', journey(name, settings));
      expect((await client.post(`/v1/journeys/${created.body.id}/publish`)).status).toBe(200);
    }
    const track = async (userId: string, event: string) => (await client.post('/v1/events', { userId, event })).body.enrolled[0] as { workflowId: string; started: boolean; refused?: string };

    const first = await track('zoe', 'again');
    expect(first).toMatchObject({ started: true });
    expect(await track('zoe', 'again')).toMatchObject({ started: false, refused: 'alreadyEnrolled' });
    await env.client.workflow.getHandle(first.workflowId).result();
    const second = await track('zoe', 'again');
    expect(second).toMatchObject({ started: true, workflowId: `${first.workflowId}:e:2` });
    await env.client.workflow.getHandle(second.workflowId).result();

    expect(await track('zoe', 'members')).toMatchObject({ started: false, refused: 'audience' });
    await mongo.collection('contacts').updateOne({ workspaceId: workspace.workspaceId, externalId: 'zoe' }, { $set: { tags: ['member'] } });
    expect(await track('zoe', 'members')).toMatchObject({ started: true });

    expect(await track('yan', 'one-at-a-time')).toMatchObject({ started: true });
    expect(await track('xia', 'one-at-a-time')).toMatchObject({ started: false, refused: 'capacity' });
  });

  it('runs a weekly loop for a year, continuing as new whenever the history grows long', async () => {
    const workspace = await createWorkspace(api.url);
    const created = await workspace.client.post('/v1/journeys', {
      name: 'Weekly tips for a year',
      nodes: [
        { id: 'joined', type: 'trigger.event', config: { event: 'joined_tips' } },
        { id: 'week', type: 'wait.delay', config: { amount: 1, unit: 'weeks' } },
        { id: 'count', type: 'action.update', config: { increment: { weeks: 1 } } },
        { id: 'year-done', type: 'branch.condition', config: { branches: [{ id: 'done', when: { kind: 'field', path: 'traits.weeks', op: 'gte', value: 52 } }] } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'joined', port: 'next', to: 'week' },
        { from: 'week', port: 'next', to: 'count' },
        { from: 'count', port: 'next', to: 'year-done' },
        { from: 'year-done', port: 'done', to: 'done' },
        { from: 'year-done', port: 'else', to: 'week' },
      ],
    });
    const published = await workspace.client.post(`/v1/journeys/${created.body.id}/publish`);
    expect(published.status).toBe(200);
    const contactId = (await workspace.client.post('/v1/events', { userId: 'lin', event: 'signed_up' })).body.contactId as string;
    // Started directly, with a small history limit, so a test-sized year continues as new often.
    const handle = await env.client.workflow.start('journeyWorkflow', {
      taskQueue,
      workflowId: `loop-${contactId}`,
      args: [{ workspaceId: workspace.workspaceId, journeyId: created.body.id, contactId, version: 1, planHash: published.body.hash, historyLimit: 60 }],
    });
    await handle.result();
    await recordHistory(handle, 'weekly-loop-continued');
    const last = await handle.describe();
    expect(last.runId).not.toBe(handle.firstExecutionRunId);
    expect((last.closeTime!.getTime() - last.startTime.getTime()) / 86_400_000).toBeLessThan(364); // the last run is not the whole year
    expect((await mongo.collection('contacts').findOne({ _id: new ObjectId(contactId) }))?.traits).toEqual({ weeks: 52 });
    const counted = await mongo.collection('steps').countDocuments({ workflowId: `loop-${contactId}`, nodeId: 'count', kind: 'completed' });
    expect(counted).toBe(52); // each week's update recorded once across all runs
  });
});
