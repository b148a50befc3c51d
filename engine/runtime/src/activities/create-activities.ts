import { asyncLocalStorage as activityContext } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ContactSnapshot, EventSnapshot, ExitReason, Plan, PlanNode, planSegment } from '@trellis/journey';
import { ActionResult, ActionServices, MissingServiceError, NonRetryableActionError } from '@trellis/nodes';
import { mongo } from 'mongoose';
import { EnrollmentInput } from '../enrollment-ref';
import { loadContactSnapshot } from '../store/contact-snapshot';
import { driverCollection } from '../store/driver-collection';
import { findOwned } from '../store/find-owned';
import { isDuplicateKeyError, isOnlyDuplicateKeys } from '../store/errors';
import { JourneyStatus } from '../store/journey.schema';
import { RuntimeModels } from '../store/models';
import type { OperatorExit } from '../workflows/signals';
import { ActionCatalogue, executionOf, PlanOpening, planOpening } from '../plan-opening';
import { journeyStatsStore } from '../stats/journey-stats-store';
import { stepId } from '../store/step.schema';
import { PlanCache } from './plan-cache';

export interface ActivityDeps {
  models: RuntimeModels;
  actions: ActionCatalogue;
  services: ActionServices;
  now?: () => Date;
}

export interface LoadedPlan extends PlanOpening {
  /**
   * The journey's status now, read fresh (never cached): an enrolment that starts just after a
   * pause or an archive missed its signal, and obeys this instead.
   */
  lifecycle?: JourneyStatus;
}

export interface RunActionInput {
  workspaceId: string;
  contactId: string;
  nodeType: string;
  config: Record<string, unknown>;
  idempotencyKey: string;
  /** This journey's status is read first, and the action runs only while it is active (see `HeldAction`). */
  statusOf?: string;
  /** The workflow's clock when it started the action (runs from before it was passed use the worker's). */
  nowMs?: number;
  /** The journey and node the action runs for (runs from before they were passed have none). */
  journeyId?: string;
  nodeId?: string;
  /** The action runs again after it deferred itself (see `ActionResult.defer`). */
  rerun?: boolean;
}

/**
 * A new enrolment the API opened has not read its journey's status (`EnrollmentInput.opening`):
 * its first write reads it too, before anything reaches the contact. A paused or archived
 * journey holds the action back, and the workflow learns why.
 */
export interface HeldAction {
  held: 'paused' | 'archived';
}

/** One node transition, as the workflow buffers it: `at` is the workflow's clock when it happened. */
export interface StepRecord {
  /** The step's place in its enrolment's log, and for `entered` the node and port the contact came from (runs counting stats pass both). */
  seq?: number;
  from?: { nodeId: string; port: string };
  nodeId: string;
  visit: number;
  kind: 'entered' | 'completed' | 'exited' | 'converted';
  output?: Record<string, unknown>;
  at: number;
}

/** Steps of one enrolment written together, before the contact waits, acts or leaves. */
export interface StepBatch {
  workspaceId: string;
  journeyId: string;
  workflowId: string;
  steps: StepRecord[];
  /**
   * The enrolment's journey version, passed by runs that count their steps into the journey's
   * stats (from the `journey-stats` patch on): the batch's counts go to the stats inbox.
   */
  version?: number;
}

export interface RecordStepInput {
  workspaceId: string;
  journeyId: string;
  workflowId: string;
  nodeId: string;
  visit: number;
  kind: StepRecord['kind'];
  output?: Record<string, unknown>;
  /**
   * Entering a node the contact may stay at (a wait, or an action that may hold or retry): it
   * becomes the enrolment's current node. Passing through the others writes only the step.
   */
  holds?: boolean;
}

/** The attempt Temporal is making of the running activity; called outside one (tests), a retry. */
function attempt(): number {
  return activityContext.getStore()?.info.attempt ?? Number.POSITIVE_INFINITY;
}

/** Whether Temporal will not retry this attempt: the last the action's retry policy allows. */
function finalAttempt(maxAttempts: number): boolean {
  const info = activityContext.getStore()?.info;
  return info !== undefined && info.attempt >= maxAttempts;
}

/** Every piece of I/O a journey workflow does. Built from its dependencies so tests pass real ones. */
export function createActivities(deps: ActivityDeps) {
  const plans = new PlanCache();
  const stats = journeyStatsStore(deps.models);
  const now = deps.now ?? (() => new Date());

  /** The enrolment's pinned plan version, checked against the hash it was enrolled with. */
  async function pinnedPlan(ref: EnrollmentInput): Promise<Plan> {
    const plan = await plans.get(`${ref.journeyId}@${ref.version}`, async () => {
      const doc = await deps.models.journeyVersions.findOne({ journeyId: ref.journeyId, version: ref.version }).lean();
      if (!doc) {
        throw ApplicationFailure.nonRetryable(`journey ${ref.journeyId} has no published version ${ref.version}`, 'PlanNotFound');
      }
      return doc.plan as Plan;
    });
    if (plan.hash !== ref.planHash) {
      throw ApplicationFailure.nonRetryable(
        `journey ${ref.journeyId} v${ref.version} has hash ${plan.hash}, enrolment expects ${ref.planHash}`,
        'PlanHashMismatch',
      );
    }
    return plan;
  }

  /** The journey's status now, never cached (see `LoadedPlan.lifecycle`). */
  async function lifecycleOf(ref: { workspaceId: string; journeyId: string }): Promise<{ lifecycle?: JourneyStatus }> {
    const journey = await findOwned(deps.models.journeys, ref.workspaceId, ref.journeyId, { status: 1 });
    return journey ? { lifecycle: journey.status } : {};
  }

  /**
   * Writes the batch; a retry finds the steps it wrote before (unique by workflow, node, visit and
   * kind) and skips them. Then, for a run counting stats, the batch's counts go to the stats
   * inbox under the id of its first step — after the steps, so that step exists whenever its
   * counts do (see `journeyStatsStore`).
   */
  async function writeSteps({ workspaceId, journeyId, workflowId, steps, version }: StepBatch): Promise<void> {
    if (!steps.length) return;
    const docs = steps.map(({ at, ...step }) => ({ ...(step.seq !== undefined ? { _id: stepId(workflowId, step.seq) } : {}), workspaceId, journeyId, workflowId, ...step, at: new Date(at) }));
    try {
      // ignoreUndefined: a step without output leaves the field out, as mongoose did.
      // Numbered steps carry string ids, which the schema's inferred type (ObjectId ids) does not know.
      await (deps.models.steps.collection as unknown as mongo.Collection<{ _id?: string }>).insertMany(docs, { ordered: false, ignoreUndefined: true });
    } catch (error) {
      if (!isOnlyDuplicateKeys(error)) throw error;
    }
    const first = steps[0]!;
    if (version !== undefined && first.seq !== undefined) await stats.collect({ batchId: stepId(workflowId, first.seq), workspaceId, journeyId, version, at: new Date(first.at), steps });
  }

  /**
   * The steps taken since the last write, and where the contact now stays (a wait, or an
   * action that may hold or retry), if anywhere.
   */
  async function recordSteps(input: StepBatch & { holdingAt?: string; readStatus?: boolean }): Promise<{ lifecycle?: JourneyStatus }> {
    const [status] = await Promise.all([
      input.readStatus ? lifecycleOf(input) : {},
      (async () => {
        await writeSteps(input);
        if (input.holdingAt) await driverCollection(deps.models.enrollments).updateOne({ _id: input.workflowId }, { $set: { currentNodeId: input.holdingAt } });
      })(),
    ]);
    return status;
  }

  return {
    /** The whole plan (runs from before the `plan-segments` patch load it so). */
    async loadPlan(ref: EnrollmentInput): Promise<LoadedPlan> {
      const plan = await pinnedPlan(ref);
      return { plan, execution: executionOf(plan, deps.actions), ...(await lifecycleOf(ref)) };
    },

    /**
     * The plan's header and the stretch a contact at `from` (the trigger, or the wait a
     * continued run resumes) can reach before it next waits: a history holds the stretches its
     * contact reached, not the whole plan.
     */
    async openPlan(ref: EnrollmentInput & { from?: string }): Promise<LoadedPlan> {
      const plan = await pinnedPlan(ref);
      return { ...planOpening(plan, ref.from ?? plan.triggerNodeId, deps.actions), ...(await lifecycleOf(ref)) };
    },

    /** The next stretch of the plan, from the node a contact reached past the last one. */
    async planNodes(ref: EnrollmentInput & { from: string }): Promise<Record<string, PlanNode>> {
      const plan = await pinnedPlan(ref);
      if (!plan.nodes[ref.from]) throw ApplicationFailure.nonRetryable(`journey ${ref.journeyId} v${ref.version} has no node "${ref.from}"`, 'NodeNotFound');
      return planSegment(plan, ref.from);
    },

    async runAction(input: RunActionInput): Promise<ActionResult | HeldAction> {
      if (input.statusOf) {
        const { lifecycle } = await lifecycleOf({ workspaceId: input.workspaceId, journeyId: input.statusOf });
        if (lifecycle === 'paused' || lifecycle === 'archived') return { held: lifecycle };
      }
      const spec = deps.actions.action(input.nodeType);
      if (!spec) throw ApplicationFailure.nonRetryable(`this worker has no action node "${input.nodeType}"`, 'UnknownAction');
      const config = spec.config.safeParse(input.config);
      if (!config.success) {
        throw ApplicationFailure.nonRetryable(`invalid config for ${input.nodeType}: ${config.error.message}`, 'InvalidConfig');
      }
      // A retry may find its outcome recorded by an earlier attempt. A first attempt has nothing
      // to find, unless it is a local activity run again after a worker crash: then, as after any
      // crash between effect and record, the effect's own idempotency keeps it from counting twice.
      if (attempt() > 1) {
        const done = await deps.models.actionRuns.findById(input.idempotencyKey, { result: 1 }).lean();
        if (done) return done.result as ActionResult;
      }
      let result: ActionResult;
      try {
        // The services also take the key: a crash between the effect and the record below
        // leaves them to recognise the retry.
        result = await spec.execute(config.data, {
          workspaceId: input.workspaceId,
          contactId: input.contactId,
          idempotencyKey: input.idempotencyKey,
          nowMs: input.nowMs ?? now().getTime(),
          finalAttempt: finalAttempt(spec.execution.maxAttempts),
          // A local activity runs again as attempt 1 after a worker crash: never a first run for sure.
          firstRun: attempt() === 1 && !input.rerun && !spec.execution.local,
          ...(input.journeyId && input.nodeId ? { origin: { journeyId: input.journeyId, nodeId: input.nodeId } } : {}),
          services: deps.services,
        });
      } catch (error) {
        // Errors a retry cannot fix fail the step at once instead of backing off for minutes.
        if (error instanceof NonRetryableActionError || error instanceof MissingServiceError) {
          throw ApplicationFailure.nonRetryable(error.message, error.name);
        }
        throw error;
      }
      // A deferred action has had no effect yet: it runs again, under the same key, when its time comes.
      if (result.defer) return result;
      try {
        await driverCollection(deps.models.actionRuns).insertOne({
          _id: input.idempotencyKey,
          workspaceId: input.workspaceId,
          contactId: input.contactId,
          nodeType: input.nodeType,
          result,
          at: now(),
        }, { ignoreUndefined: true });
      } catch (error) {
        // Two attempts raced (a timed-out one finished late): the first record stands.
        if (!isDuplicateKeyError(error)) throw error;
        const first = await deps.models.actionRuns.findById(input.idempotencyKey, { result: 1 }).lean();
        if (first) return first.result as ActionResult;
      }
      return result;
    },

    recordSteps,

    /** One step, written as it happens (runs from before the `batched-steps` patch). */
    async recordStep({ holds, workspaceId, journeyId, workflowId, ...step }: RecordStepInput): Promise<{ lifecycle?: JourneyStatus }> {
      return recordSteps({
        workspaceId,
        journeyId,
        workflowId,
        steps: [{ ...step, at: now().getTime() }],
        ...(step.kind === 'entered' && holds ? { holdingAt: step.nodeId } : {}),
      });
    },

    /**
     * Closes the enrolment after writing its last steps; `nodeId` is where the contact left the
     * journey. (Runs recorded before steps were batched pass no steps.)
     */
    async completeEnrollment(
      input: { workflowId: string; status: 'completed' | 'failed'; reason?: ExitReason | OperatorExit; nodeId?: string } & Partial<StepBatch>,
    ): Promise<void> {
      if (input.steps && input.workspaceId && input.journeyId) {
        await writeSteps({ workspaceId: input.workspaceId, journeyId: input.journeyId, workflowId: input.workflowId, steps: input.steps, ...(input.version !== undefined ? { version: input.version } : {}) });
      }
      await driverCollection(deps.models.enrollments).updateOne(
        { _id: input.workflowId },
        {
          $set: {
            status: input.status,
            completedAt: now(),
            ...(input.reason ? { exitReason: input.reason } : {}),
            ...(input.nodeId ? { currentNodeId: input.nodeId } : {}),
          },
        },
      );
    },

    /** An event a signal named: signals carry ids so histories stay small; the event is read here. */
    async loadEvent(input: { workspaceId: string; eventId: string }): Promise<EventSnapshot> {
      const event = await findOwned(deps.models.events, input.workspaceId, input.eventId);
      if (!event) throw ApplicationFailure.nonRetryable(`event ${input.eventId} does not exist`, 'EventNotFound');
      return { name: event.name, at: event.timestamp.getTime(), properties: (event.properties ?? {}) as Record<string, unknown> };
    },

    /** What rules may read of the contact now: traits, tags, stage, zone and recent events. */
    async loadContact(input: { workspaceId: string; contactId: string }): Promise<ContactSnapshot> {
      const snapshot = await loadContactSnapshot(deps.models, input.workspaceId, input.contactId);
      if (!snapshot) throw ApplicationFailure.nonRetryable(`contact ${input.contactId} does not exist`, 'ContactNotFound');
      return snapshot;
    },
  };
}

export type JourneyActivities = ReturnType<typeof createActivities>;
