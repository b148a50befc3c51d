import type { ContactSnapshot, ExitReason, StepInput } from '@trellis/journey';
import type { JourneyStatus } from '../store/journey.schema';
// The interpreter alone, not the package index: every workflow evaluates its bundle's modules
// afresh, and the index would build every node's config schema each time.
import { planReadsContact, startCursor, step } from '@trellis/journey/dist/interpreter/step';
import {
  ActivityOptions,
  condition,
  ContinueAsNew,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { JourneyActivities, LoadedPlan } from '../activities/create-activities';
import { CarriedState, EnrollmentInput } from '../enrollment-ref';
import { currentNodeQuery, journeyControlSignal, journeyEventSignal, OperatorExit } from './signals';
import { StepLog } from './step-log';

const enrollmentIo: ActivityOptions = { startToCloseTimeout: '1 minute', retry: { initialInterval: '1 second', maximumInterval: '1 minute' } };
/** How runs recorded before the `local-enrollment-io` patch loaded their plan and closed. */
const remote = proxyActivities<JourneyActivities>(enrollmentIo);
/**
 * Loading the (cached) plan and closing the enrolment are short reads and writes: as local
 * activities they cost no round trip through the task queue.
 */
const local = proxyLocalActivities<JourneyActivities>(enrollmentIo);

const { loadContact, loadEvent, openPlan, planNodes } = proxyLocalActivities<JourneyActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '30 seconds' },
});

/** Histories stay well below Temporal's limits; a run that passes this continues as new. */
const defaultHistoryLimit = 2_000;
/** Enough recent event ids to recognise a late duplicate signal after continuing as new. */
const carriedDeliveries = 200;

/**
 * One contact's journey. The interpreter decides every move; this function only carries its
 * commands out with timers and activities, so it holds no journey semantics of its own. Besides
 * the plan's own events, it obeys the journey's lifecycle: paused, it holds before its next
 * action; archived or the contact removed, it exits where it is.
 */
export async function journeyWorkflow(started: EnrollmentInput): Promise<{ exitedAt: string }> {
  const { workflowId, startTime } = workflowInfo();
  // The opening is for the first run only; every call below passes the plain reference.
  const { opening, ...input } = started;
  const { carried } = input;
  const { loadPlan, completeEnrollment } = patched('local-enrollment-io') ? local : remote;
  const enrollmentRef = { workspaceId: input.workspaceId, journeyId: input.journeyId, workflowId };
  const batchedSteps = patched('batched-steps');
  // Counting into the journey's stats, from the `journey-stats` patch on; a continued run keeps its first run's choice.
  const counting = carried ? carried.counting === true : patched('journey-stats');
  const log = new StepLog(enrollmentRef, batchedSteps, counting ? { version: input.version, nextSeq: carried?.nextSeq ?? 0 } : undefined);
  // The arm of each split the contact went through, and whether they converted: for A/B results.
  const arms: Record<string, string> = { ...carried?.arms };
  let converted = carried?.converted ?? false;
  // A run holds the stretches of the plan its contact reaches, loaded as it reaches them.
  const segmented = patched('plan-segments');
  // An opening from the API comes with no status: the enrolment's first write reads it (`obey` below).
  const loaded: LoadedPlan = opening && !carried ? opening : segmented ? await openPlan({ ...input, from: carried?.cursor.nodeId }) : await loadPlan(input);
  const { plan, execution, lifecycle } = loaded;
  const visits = new Map<string, number>(carried?.visits ?? []);
  let cursor = carried?.cursor ?? startCursor(plan);
  let next: StepInput = { type: 'enter' };
  const inbox: string[] = [...(carried?.inbox ?? [])];
  // A retried API request may signal the same event twice; it must count once.
  const delivered = new Set<string>(carried?.delivered ?? []);
  // The status read at start is at least as new as any signal sent before it; later ones follow.
  let paused = lifecycle ? lifecycle === 'paused' : (carried?.paused ?? false);
  const enrolledAtMs = carried?.enrolledAtMs ?? startTime.getTime();
  const historyLimit = input.historyLimit ?? defaultHistoryLimit;
  let operatorExit: OperatorExit | undefined = lifecycle === 'archived' ? 'archived' : undefined;
  setHandler(currentNodeQuery, () => cursor);
  setHandler(journeyEventSignal, ({ eventId }) => {
    if (delivered.has(eventId)) return;
    delivered.add(eventId);
    inbox.push(eventId);
  });
  // An opening from the API came without the journey's status: the first write reads it. Any
  // control signal is newer than a change that signal missed, so once one arrives the read is moot.
  let statusUnread = loaded === opening;
  setHandler(journeyControlSignal, (control) => {
    statusUnread = false;
    if (control.command === 'exit') operatorExit = control.reason;
    else paused = control.command === 'pause';
  });
  const obey = (status: JourneyStatus | undefined) => {
    if (!statusUnread) return;
    statusUnread = false;
    if (status === 'paused') paused = true;
    if (status === 'archived') operatorExit = 'archived';
  };
  // The contact is read again after anything that may have changed it: a wait or an action.
  const readsContact = planReadsContact(plan);
  let contact: ContactSnapshot | undefined;
  let stale = true;

  // The next run resumes the very wait this one was about to begin.
  const carry = (waitUntilMs: number): CarriedState => ({
    cursor,
    waitUntilMs,
    visits: [...visits],
    inbox,
    delivered: [...delivered].slice(-carriedDeliveries),
    paused,
    enrolledAtMs,
    ...(counting ? { counting, nextSeq: log.nextSeq, arms, converted } : {}),
  });

  /** The time passes, an event the plan listens to arrives, or an operator ends it: whichever is first. */
  const wait = async (untilMs: number) => {
    const remaining = untilMs - Date.now();
    const woken = () => inbox.length > 0 || operatorExit !== undefined;
    const early = remaining > 0 ? await condition(woken, remaining) : woken();
    if (operatorExit) return;
    next = early ? { type: 'eventReceived', event: await loadEvent({ workspaceId: input.workspaceId, eventId: inbox.shift()! }) } : { type: 'timerFired' };
    stale = true;
  };
  const enter = async (nodeId: string, from?: { nodeId: string; port: string }) => {
    const visit = (visits.get(nodeId) ?? 0) + 1;
    visits.set(nodeId, visit);
    const category = plan.nodes[nodeId]?.category;
    await log.add({ nodeId, visit, kind: 'entered', ...(counting && from ? { from } : {}) }, category === 'wait' || category === 'action');
  };
  const exit = async (nodeId: string, reason: ExitReason | OperatorExit) => {
    await log.add({ nodeId, visit: visits.get(nodeId) ?? 1, kind: 'exited', output: { reason } });
    await completeEnrollment({ ...enrollmentRef, ...log.version, status: 'completed', reason, nodeId, steps: log.take() });
    return { exitedAt: new Date().toISOString() };
  };

  try {
    return await run();
  } catch (error) {
    // Continuing as new ends this run by throwing; the enrolment goes on in the next one.
    if (!(error instanceof ContinueAsNew)) {
      // A failed enrolment leaves where it failed, counted as an error of that node.
      if (counting) await log.add({ nodeId: cursor.nodeId, visit: visits.get(cursor.nodeId) ?? 1, kind: 'exited', output: { reason: 'error' } });
      await completeEnrollment({ ...enrollmentRef, ...log.version, status: 'failed', steps: log.take() });
    }
    throw error;
  }

  async function run(): Promise<{ exitedAt: string }> {
    if (carried) await wait(carried.waitUntilMs);
    else await enter(cursor.nodeId);
    for (;;) {
      if (operatorExit) return exit(cursor.nodeId, operatorExit);
      const at = cursor.nodeId;
      if (!plan.nodes[at]) Object.assign(plan.nodes, await planNodes({ ...input, from: at }));
      if (readsContact && stale) {
        contact = await loadContact({ workspaceId: input.workspaceId, contactId: input.contactId });
        stale = false;
      }
      const before = cursor;
      const result = step(plan, cursor, next, { nowMs: Date.now(), contactId: input.contactId, contact, enrolledAtMs });
      cursor = result.cursor;
      const command = result.command;
      if (result.arm) {
        // The arm is the split's outcome: kept in the step log for A/B results.
        arms[at] = result.arm.arm;
        await log.add({ nodeId: at, visit: visits.get(at) ?? 1, kind: 'completed', output: result.arm });
      }
      if (counting && result.goal && !converted && next.type === 'eventReceived') {
        // The first goal event converts the enrolment, credited to the arms it is in.
        converted = true;
        await log.add({ nodeId: at, visit: visits.get(at) ?? 1, kind: 'converted', output: { afterMs: Date.now() - enrolledAtMs, arms: { ...arms } } });
      }
      switch (command.type) {
        case 'goTo':
          await enter(command.nodeId, { nodeId: command.from, port: command.port });
          next = { type: 'enter' };
          break;
        case 'sleep':
        case 'waitForEvent': {
          obey((await log.flush(cursor.nodeId, statusUnread))?.lifecycle);
          // A long journey (a weekly loop for a year) starts a fresh history at a wait, carrying its state.
          if (workflowInfo().historyLength > historyLimit || workflowInfo().continueAsNewSuggested) {
            await continueAsNew<typeof journeyWorkflow>({ ...input, carried: carry(command.untilMs) });
          }
          await wait(command.untilMs);
          break;
        }
        case 'runAction': {
          const options = execution[command.nodeType];
          // Woken from a deferral, the action runs again for the same visit.
          const rerun = before.awaiting === 'deferred';
          const visit = visits.get(command.nodeId) ?? 1;
          // The node declares where it runs; runs whose plan was loaded before it could declare so run it remotely.
          const { runAction } = options?.local ? proxyLocalActivities<JourneyActivities>(actionOptions(options)) : proxyActivities<JourneyActivities>(actionOptions(options));
          let outcome: Awaited<ReturnType<typeof runAction>> | undefined;
          do {
            // A local action is done in moments: its steps are written with the next ones. Any
            // other may take minutes, and a paused journey holds its contacts here, before anything
            // reaches them: the log shows them at this node meanwhile.
            if (!options?.local || paused) obey((await log.flush(command.nodeId, statusUnread))?.lifecycle);
            if (paused) await condition(() => !paused || operatorExit !== undefined);
            if (operatorExit) break;
            const statusOf = statusUnread ? { statusOf: input.journeyId } : {};
            outcome = await runAction({
              workspaceId: input.workspaceId,
              contactId: input.contactId,
              nodeType: command.nodeType,
              config: command.config,
              idempotencyKey: `${workflowId}/${command.nodeId}/${visit}`,
              nowMs: Date.now(),
              journeyId: input.journeyId,
              nodeId: command.nodeId,
              ...(rerun ? { rerun } : {}),
              ...statusOf,
            });
            // Held back by a pause or an archive the enrolment had not heard of: obey it as a signal.
            obey('held' in outcome ? outcome.held : 'active');
          } while ('held' in outcome);
          if (!outcome || 'held' in outcome) break;
          // A deferred action is not done: the contact stays at the node until it runs again.
          if (!outcome.defer) await log.add({ nodeId: command.nodeId, visit, kind: 'completed', output: outcome.output });
          next = { type: 'actionCompleted', port: outcome.port, waitFor: outcome.waitFor, defer: outcome.defer };
          stale = true;
          break;
        }
        case 'exit':
          return exit(command.nodeId, command.reason);
      }
    }
  }
}

/** The node's declared timeout and retry policy (`defineNode`'s `timeout` and `retry`). */
function actionOptions(execution: { timeoutMs: number; maxAttempts: number; backoff?: { initialIntervalMs: number; coefficient: number; maximumIntervalMs: number } } | undefined): ActivityOptions {
  const backoff = execution?.backoff;
  return {
    startToCloseTimeout: execution?.timeoutMs ?? 30_000,
    retry: backoff
      ? { maximumAttempts: execution.maxAttempts, initialInterval: backoff.initialIntervalMs, backoffCoefficient: backoff.coefficient, maximumInterval: backoff.maximumIntervalMs }
      : { maximumAttempts: execution?.maxAttempts ?? 5, initialInterval: '1 second', maximumInterval: '5 minutes' },
  };
}
