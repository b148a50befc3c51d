import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { TaskActivities } from '../activities/task-activities';
import { taskProgressSignal } from './signals';

const { escalateTask } = proxyActivities<TaskActivities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute' } });

export interface TaskSlaInput {
  workspaceId: string;
  taskId: string;
  firstResponseByMs: number;
  resolveByMs: number;
}

/**
 * A hand-off's service-level timers, durable in Temporal rather than held in memory: the first
 * response is due by one time and the resolution by another; each one missed escalates the task
 * (once). The inbox signals progress; a resolved task ends the timers.
 */
export async function taskSlaWorkflow(input: TaskSlaInput): Promise<void> {
  let responded = false;
  let resolved = false;
  setHandler(taskProgressSignal, (progress) => {
    responded = true;
    if (progress === 'resolved') resolved = true;
  });
  const keptBy = async (done: () => boolean, byMs: number) => done() || (byMs > Date.now() && (await condition(done, byMs - Date.now())));
  if (!(await keptBy(() => responded, input.firstResponseByMs))) await escalateTask({ workspaceId: input.workspaceId, taskId: input.taskId, kind: 'first_response' });
  if (!(await keptBy(() => resolved, input.resolveByMs))) await escalateTask({ workspaceId: input.workspaceId, taskId: input.taskId, kind: 'resolution' });
}
