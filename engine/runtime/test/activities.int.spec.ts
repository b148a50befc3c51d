import { compile } from '@trellis/journey';
import { ActionResult, createFullCatalogue, createNodeCatalogue } from '@trellis/nodes';
import { Connection } from 'mongoose';
import { createActivities, HeldAction, JourneyActivities } from '../src/activities/create-activities';
import { mongoActionServices } from '../src/activities/mongo-action-services';
import { resolveContact } from '../src/store/contact-identity';
import { enrollmentWorkflowId } from '../src/enrollment-ref';
import { newestEnrollment } from '../src/store/newest-enrollment';
import { connectMongo } from '../src/store/connect';
import { RuntimeModels, runtimeModels } from '../src/store/models';
import { testMongoUri } from '@trellis/devstack/test/harness';
import { chain } from '@trellis/journey/dist/testing/journey-builder';

/** The outcome of an action that ran (not one a paused or archived journey held back). */
function ran(outcome: ActionResult | HeldAction): ActionResult {
  if ('held' in outcome) throw new Error(`the action was held back: the journey is ${outcome.held}`);
  return outcome;
}

/** The activities against the real Mongo-compatible server: what the workflow relies on. */
describe('journey activities', () => {
  let mongo: Connection;
  let models: RuntimeModels;
  let activities: JourneyActivities;
  const catalogue = createNodeCatalogue();

  beforeAll(async () => {
    mongo = await connectMongo(testMongoUri('activities'));
    models = runtimeModels(mongo);
    await Promise.all(Object.values(models).map((model) => model.init()));
    activities = createActivities({ models, actions: catalogue, services: mongoActionServices(models) });
  });

  afterAll(async () => {
    await mongo?.dropDatabase();
    await mongo?.close();
  });

  async function publish(journeyId: string) {
    const result = compile(chain(['trigger.event', 'action.tag', 'exit'], { 'action.tag': { add: ['a'] } }), catalogue);
    if (!result.ok) throw new Error('fixture does not compile');
    await models.journeyVersions.create({ workspaceId: 'ws', journeyId, version: 1, hash: result.plan.hash, plan: result.plan, definition: {}, publishedAt: new Date() });
    return result.plan;
  }

  it("finds a contact's newest enrolment in a journey by id, however often they re-entered", async () => {
    const ref = { workspaceId: 'ws', journeyId: 'newest', contactId: 'c-newest' };
    const enrolments = async (upTo: number, from = 1) => {
      for (let seq = from; seq <= upTo; seq++) {
        const id = enrollmentWorkflowId(ref, seq);
        await models.enrollments.create({ _id: id, ...ref, version: 1, planHash: 'h', workflowId: id, seq, status: seq === upTo ? 'running' : 'completed', enrolledAt: new Date(seq * 1000) });
      }
    };
    expect(await newestEnrollment(models.enrollments, ref)).toBeUndefined();
    // The first window of ids, exactly full, then each further window (8, 16, 32…).
    for (const [from, upTo] of [[1, 1], [2, 8], [9, 9], [10, 24], [25, 60]] as const) {
      await enrolments(upTo, from);
      expect(await newestEnrollment(models.enrollments, ref)).toMatchObject({ _id: enrollmentWorkflowId(ref, upTo), seq: upTo, status: 'running' });
    }
  });

  it('loads a pinned plan with the execution settings of its actions', async () => {
    const plan = await publish('j1');
    const loaded = await activities.loadPlan({ workspaceId: 'ws', journeyId: 'j1', contactId: 'c', version: 1, planHash: plan.hash });
    expect(loaded.plan).toEqual(plan);
    expect(loaded.execution).toEqual({ 'action.tag': { timeoutMs: 30_000, maxAttempts: 5, local: true } });
  });

  it('opens a plan by segment: the stretch to the first wait, then the next one from where the contact wakes', async () => {
    const result = compile(chain(['trigger.event', 'action.tag', 'wait.delay', 'action.tag', 'wait.delay', 'exit'], { 'action.tag': { add: ['a'] } }), catalogue);
    if (!result.ok) throw new Error('fixture does not compile');
    const plan = result.plan;
    await models.journeyVersions.create({ workspaceId: 'ws', journeyId: 'j3', version: 1, hash: plan.hash, plan, definition: {}, publishedAt: new Date() });
    const ref = { workspaceId: 'ws', journeyId: 'j3', contactId: 'c', version: 1, planHash: plan.hash };
    const opened = await activities.openPlan(ref);
    expect(Object.keys(opened.plan.nodes)).toEqual(['n0', 'n1', 'n2']);
    expect(opened.plan).toMatchObject({ hash: plan.hash, triggerNodeId: 'n0', settings: plan.settings, readsContact: false });
    expect(opened.execution).toEqual({ 'action.tag': { timeoutMs: 30_000, maxAttempts: 5, local: true } });
    expect(Object.keys(await activities.planNodes({ ...ref, from: 'n3' }))).toEqual(['n3', 'n4']);
    // A continued run resumes at a wait: its stretch starts there and runs on to the next waits.
    expect(Object.keys((await activities.openPlan({ ...ref, from: 'n2' })).plan.nodes)).toEqual(['n2', 'n3', 'n4']);
    await expect(activities.planNodes({ ...ref, from: 'nope' })).rejects.toMatchObject({ type: 'NodeNotFound', nonRetryable: true });
  });

  it('fails for good (no retries) when the plan is missing or its hash differs', async () => {
    await expect(activities.loadPlan({ workspaceId: 'ws', journeyId: 'none', contactId: 'c', version: 1, planHash: 'x' })).rejects.toMatchObject({
      type: 'PlanNotFound',
      nonRetryable: true,
    });
    await publish('j2');
    await expect(activities.loadPlan({ workspaceId: 'ws', journeyId: 'j2', contactId: 'c', version: 1, planHash: 'other' })).rejects.toMatchObject({
      type: 'PlanHashMismatch',
    });
  });

  it('tags a stored contact, idempotently, and refuses an unknown one', async () => {
    const contact = await models.contacts.create({ workspaceId: 'ws', externalId: 'dora', tags: ['old'] });
    const input = { workspaceId: 'ws', contactId: String(contact._id), nodeType: 'action.tag', idempotencyKey: 'k' };
    await activities.runAction({ ...input, config: { add: ['new'], remove: ['old'] } });
    const second = await activities.runAction({ ...input, config: { add: ['new'], remove: ['old'] } });
    expect(second).toMatchObject({ output: { tags: ['new'] } });
    expect((await models.contacts.findById(contact._id).lean())?.tags).toEqual(['new']);
    await expect(activities.runAction({ ...input, contactId: '0123456789abcdef01234567', idempotencyKey: 'k-missing', config: { add: ['x'] } })).rejects.toMatchObject({
      type: 'ContactNotFound',
    });
  });

  it('reads the journey status with a first write when asked: an action held back while paused or archived, the status with steps', async () => {
    const contact = await models.contacts.create({ workspaceId: 'ws', externalId: 'held', tags: [] });
    const journey = await models.journeys.create({ workspaceId: 'ws', name: 'held', status: 'paused', draft: {} });
    const journeyId = String(journey._id);
    const input = { workspaceId: 'ws', contactId: String(contact._id), nodeType: 'action.tag', config: { add: ['x'] }, statusOf: journeyId };
    expect(await activities.runAction({ ...input, idempotencyKey: 'held-1' })).toEqual({ held: 'paused' });
    await models.journeys.updateOne({ _id: journeyId }, { $set: { status: 'archived' } });
    expect(await activities.runAction({ ...input, idempotencyKey: 'held-1' })).toEqual({ held: 'archived' });
    expect((await models.contacts.findById(contact._id).lean())?.tags).toEqual([]);
    expect(await models.actionRuns.countDocuments({ _id: 'held-1' })).toBe(0);
    await models.journeys.updateOne({ _id: journeyId }, { $set: { status: 'active' } });
    expect(await activities.runAction({ ...input, idempotencyKey: 'held-1' })).toMatchObject({ output: { tags: ['x'] } });

    const batch = { workspaceId: 'ws', journeyId, workflowId: 'wf-held', steps: [{ nodeId: 'n0', visit: 1, kind: 'entered' as const, at: Date.now() }] };
    expect(await activities.recordSteps({ ...batch, holdingAt: 'n1', readStatus: true })).toEqual({ lifecycle: 'active' });
    expect(await activities.recordSteps({ ...batch, holdingAt: 'n1' })).toEqual({});
    expect(await models.steps.countDocuments({ workflowId: 'wf-held' })).toBe(1);
  });

  it('acts on and reads the contact a merged one became, with the events of both', async () => {
    const anonymous = await resolveContact(models, 'ws', [{ kind: 'anonymous', value: 'merge-device' }]);
    await models.events.create({ workspaceId: 'ws', messageId: 'm-anon', userId: 'merge-device', name: 'browsed', contactId: String(anonymous._id), timestamp: new Date('2026-01-01'), receivedAt: new Date() });
    const known = await resolveContact(models, 'ws', [{ kind: 'user', value: 'merge-user' }]);
    await models.events.create({ workspaceId: 'ws', messageId: 'm-known', userId: 'merge-user', name: 'signed_up', contactId: String(known._id), timestamp: new Date('2026-01-02'), receivedAt: new Date() });
    await resolveContact(models, 'ws', [{ kind: 'user', value: 'merge-user' }, { kind: 'anonymous', value: 'merge-device' }]);

    // An enrolment that began while the contact was anonymous goes on with its id.
    const outcome = await activities.runAction({ workspaceId: 'ws', contactId: String(anonymous._id), nodeType: 'action.tag', config: { add: ['carted'] }, idempotencyKey: 'merged-1' });
    expect(ran(outcome).output).toMatchObject({ tags: ['carted'] });
    expect((await models.contacts.findById(known._id).lean())?.tags).toEqual(['carted']);
    const snapshot = await activities.loadContact({ workspaceId: 'ws', contactId: String(anonymous._id) });
    expect(snapshot.tags).toEqual(['carted']);
    expect(snapshot.events?.map((event) => event.name)).toEqual(['signed_up', 'browsed']);
  });

  it('records each step once however often it is retried, and tracks the node the contact stays at', async () => {
    await models.enrollments.create({ _id: 'wf', workspaceId: 'ws', journeyId: 'j', contactId: 'c', version: 1, planHash: 'h', workflowId: 'wf', enrolledAt: new Date() });
    const current = async () => (await models.enrollments.findById('wf').lean())?.currentNodeId;
    const entry = { workspaceId: 'ws', journeyId: 'j', workflowId: 'wf', nodeId: 'n1', visit: 1, kind: 'entered' as const, holds: true };
    await activities.recordStep(entry);
    await activities.recordStep(entry);
    expect(await models.steps.countDocuments({ workflowId: 'wf' })).toBe(1);
    expect(await models.steps.findOne({ workflowId: 'wf' }).lean()).not.toHaveProperty('holds');
    expect(await current()).toBe('n1');
    await activities.recordStep({ ...entry, nodeId: 'passing-branch', holds: false });
    expect(await models.steps.countDocuments({ workflowId: 'wf' })).toBe(2);
    expect(await current()).toBe('n1');
    await activities.completeEnrollment({ workflowId: 'wf', status: 'completed', reason: 'completed', nodeId: 'done' });
    expect(await models.enrollments.findById('wf').lean()).toMatchObject({ status: 'completed', exitReason: 'completed', currentNodeId: 'done' });
  });

  it('writes a batch of steps once however often it is retried, with the workflow clock and the node the contact stays at', async () => {
    await models.enrollments.create({ _id: 'wf2', workspaceId: 'ws', journeyId: 'j', contactId: 'c', version: 1, planHash: 'h', workflowId: 'wf2', enrolledAt: new Date() });
    const batch = {
      workspaceId: 'ws',
      journeyId: 'j',
      workflowId: 'wf2',
      steps: [
        { nodeId: 'start', visit: 1, kind: 'entered' as const, at: Date.parse('2026-01-01T10:00:00Z') },
        { nodeId: 'split', visit: 1, kind: 'entered' as const, at: Date.parse('2026-01-01T10:00:00Z') },
        { nodeId: 'split', visit: 1, kind: 'completed' as const, output: { arm: 'b' }, at: Date.parse('2026-01-01T10:00:00Z') },
        { nodeId: 'pause', visit: 1, kind: 'entered' as const, at: Date.parse('2026-01-01T10:00:01Z') },
      ],
    };
    await activities.recordSteps({ ...batch, holdingAt: 'pause' });
    // A retry after a lost reply, with one more step than the first attempt wrote.
    await activities.recordSteps({ ...batch, steps: [...batch.steps, { nodeId: 'pause', visit: 1, kind: 'completed' as const, at: Date.parse('2026-01-02T10:00:00Z') }], holdingAt: 'pause' });
    const written = await models.steps.find({ workflowId: 'wf2' }, { _id: 0, nodeId: 1, kind: 1, output: 1, at: 1 }).sort({ at: 1 }).lean();
    expect(written).toEqual([
      { nodeId: 'start', kind: 'entered', at: new Date('2026-01-01T10:00:00Z') },
      { nodeId: 'split', kind: 'entered', at: new Date('2026-01-01T10:00:00Z') },
      { nodeId: 'split', kind: 'completed', output: { arm: 'b' }, at: new Date('2026-01-01T10:00:00Z') },
      { nodeId: 'pause', kind: 'entered', at: new Date('2026-01-01T10:00:01Z') },
      { nodeId: 'pause', kind: 'completed', at: new Date('2026-01-02T10:00:00Z') },
    ]);
    expect((await models.enrollments.findById('wf2').lean())?.currentNodeId).toBe('pause');
    const last = [{ nodeId: 'done', visit: 1, kind: 'exited' as const, output: { reason: 'completed' }, at: Date.parse('2026-01-02T10:00:00Z') }];
    await activities.completeEnrollment({ workspaceId: 'ws', journeyId: 'j', workflowId: 'wf2', status: 'completed', reason: 'completed', nodeId: 'done', steps: last });
    await activities.completeEnrollment({ workspaceId: 'ws', journeyId: 'j', workflowId: 'wf2', status: 'completed', reason: 'completed', nodeId: 'done', steps: last });
    expect(await models.steps.countDocuments({ workflowId: 'wf2', kind: 'exited' })).toBe(1);
    expect(await models.enrollments.findById('wf2').lean()).toMatchObject({ status: 'completed', currentNodeId: 'done' });
  });

  it('updates traits and the lifecycle stage, counting a retried increment once', async () => {
    const contact = await models.contacts.create({ workspaceId: 'ws', externalId: 'eve', traits: { tier: 'basic', old: true } });
    const input = { workspaceId: 'ws', contactId: String(contact._id), nodeType: 'action.update' };
    const config = { set: { tier: 'gold' }, increment: { points: 50 }, unset: ['old'], lifecycleStage: 'growth' };
    const first = await activities.runAction({ ...input, config, idempotencyKey: 'wf/update/1' });
    await activities.runAction({ ...input, config, idempotencyKey: 'wf/update/1' });
    expect(ran(first).output).toEqual({ traits: { tier: 'gold', points: 50, old: null }, lifecycleStage: 'growth' });
    await activities.runAction({ ...input, config: { increment: { points: 25 } }, idempotencyKey: 'wf/update/2' });
    const stored = await models.contacts.findById(contact._id).lean();
    expect(stored?.traits).toEqual({ tier: 'gold', points: 75 });
    expect(stored?.lifecycleStage).toBe('growth');
  });

  it('answers a retry with the recorded outcome instead of acting again', async () => {
    const contact = await models.contacts.create({ workspaceId: 'ws', externalId: 'fay', traits: { points: 1 } });
    const input = { workspaceId: 'ws', contactId: String(contact._id), nodeType: 'action.update', idempotencyKey: 'wf-fay/reward/1' };
    const first = await activities.runAction({ ...input, config: { increment: { points: 10 } } });
    await models.contacts.updateOne({ _id: contact._id }, { $set: { 'traits.points': 500 } });
    const retried = await activities.runAction({ ...input, config: { increment: { points: 10 } } });
    expect(retried).toEqual(first);
    expect(ran(first).output).toEqual({ traits: { points: 11 } });
    expect((await models.contacts.findById(contact._id).lean())?.traits).toEqual({ points: 500 });
    const runs = await models.actionRuns.find({ _id: input.idempotencyKey }).lean();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ workspaceId: 'ws', contactId: String(contact._id), nodeType: 'action.update', result: first });
  });

  it('applies an effect once when the worker died between the effect and its record', async () => {
    const contact = await models.contacts.create({ workspaceId: 'ws', externalId: 'gus' });
    const key = 'wf-gus/reward/1';
    // The first attempt reached the database, then the worker was killed before recording the run.
    await mongoActionServices(models).contacts.updateProfile('ws', String(contact._id), { set: {}, increment: { points: 10 }, unset: [] }, key);
    expect(await models.actionRuns.countDocuments({ _id: key })).toBe(0);
    const retried = await activities.runAction({ workspaceId: 'ws', contactId: String(contact._id), nodeType: 'action.update', config: { increment: { points: 10 } }, idempotencyKey: key });
    expect(ran(retried).output).toEqual({ traits: { points: 10 } });
    expect((await models.contacts.findById(contact._id).lean())?.traits).toEqual({ points: 10 });
    expect(await models.actionRuns.countDocuments({ _id: key })).toBe(1);
  });

  it('fails for good, without retries, when a node needs a service this runtime lacks', async () => {
    const everything = createActivities({ models, actions: createFullCatalogue(), services: mongoActionServices(models) });
    await expect(
      everything.runAction({ workspaceId: 'ws', contactId: 'c', nodeType: 'action.message', config: { channel: 'sms', template: 'hi' }, idempotencyKey: 'wf-x/message/1' }),
    ).rejects.toMatchObject({ type: 'MissingServiceError', nonRetryable: true });
  });
});
