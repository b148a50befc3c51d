import { Cursor, startCursor, step, StepInput } from '@trellis/journey';
import {
  ActivityOptions,
  ApplicationFailure,
  defineQuery,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { JourneyActivities } from '../activities/create-activities';
import { EnrollmentInput, searchAttributeKeys } from '../enrollment-ref';

const { loadPlan, completeEnrollment } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { recordStep } = proxyLocalActivities<JourneyActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '30 seconds' },
});

export const currentNodeQuery = defineQuery<Cursor | undefined>('currentNode');

/**
 * One contact's journey. The interpreter decides every move; this function only carries its
 * commands out with timers and activities, so it holds no journey semantics of its own.
 */
export async function journeyWorkflow(input: EnrollmentInput): Promise<{ exitedAt: string }> {
  const { workflowId, startTime } = workflowInfo();
  const { plan, execution } = await loadPlan(input);
  const visits = new Map<string, number>();
  let cursor = startCursor(plan);
  let next: StepInput = { type: 'enter' };
  setHandler(currentNodeQuery, () => cursor);

  const enter = async (nodeId: string) => {
    const visit = (visits.get(nodeId) ?? 0) + 1;
    visits.set(nodeId, visit);
    upsertSearchAttributes([{ key: searchAttributeKeys.nodeId, value: nodeId }]);
    await recordStep({ ...stepRef(nodeId), visit, kind: 'entered' });
  };
  const stepRef = (nodeId: string) => ({ workspaceId: input.workspaceId, journeyId: input.journeyId, workflowId, nodeId });

  try {
    return await run();
  } catch (error) {
    await completeEnrollment({ workflowId, status: 'failed' });
    throw error;
  }

  async function run(): Promise<{ exitedAt: string }> {
  await enter(cursor.nodeId);
  for (;;) {
    const at = cursor.nodeId;
    const result = step(plan, cursor, next, { nowMs: Date.now(), contactId: input.contactId, enrolledAtMs: startTime.getTime() });
    cursor = result.cursor;
    const command = result.command;
    if (result.arm) {
      // The arm is the split's outcome: kept in the step log for A/B results.
      await recordStep({ ...stepRef(at), visit: visits.get(at) ?? 1, kind: 'completed', output: result.arm });
    }
    switch (command.type) {
      case 'goTo':
        await enter(command.nodeId);
        next = { type: 'enter' };
        break;
      case 'sleep':
        await sleep(Math.max(0, command.untilMs - Date.now()));
        next = { type: 'timerFired' };
        break;
      case 'runAction': {
        const visit = visits.get(command.nodeId) ?? 1;
        const options = execution[command.nodeType];
        const { runAction } = proxyActivities<JourneyActivities>(actionOptions(options));
        const outcome = await runAction({
          workspaceId: input.workspaceId,
          contactId: input.contactId,
          nodeType: command.nodeType,
          config: command.config,
          idempotencyKey: `${workflowId}/${command.nodeId}/${visit}`,
        });
        await recordStep({ ...stepRef(command.nodeId), visit, kind: 'completed', output: outcome.output });
        next = { type: 'actionCompleted', port: outcome.port };
        break;
      }
      case 'waitForEvent':
        // The API publishes only what this driver runs (runtimeControlNodes); a plan that still
        // gets here is a deployment mismatch, so fail for good instead of looping.
        throw ApplicationFailure.nonRetryable(`node ${command.nodeId}: this worker cannot wait for events yet`, 'UnsupportedNode');
      case 'exit':
        await recordStep({ ...stepRef(command.nodeId), visit: visits.get(command.nodeId) ?? 1, kind: 'exited', output: { reason: command.reason } });
        await completeEnrollment({ workflowId, status: 'completed' });
        return { exitedAt: new Date().toISOString() };
    }
  }
  }
}

function actionOptions(execution: { timeoutMs: number; maxAttempts: number } | undefined): ActivityOptions {
  return {
    startToCloseTimeout: execution?.timeoutMs ?? 30_000,
    retry: { maximumAttempts: execution?.maxAttempts ?? 5, initialInterval: '1 second', maximumInterval: '5 minutes' },
  };
}
