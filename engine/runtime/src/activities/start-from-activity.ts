import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';

/**
 * Starts a workflow on the running activity's own task queue, with the worker's client; a retry
 * of the activity that finds it started already is content with that.
 */
export async function startFromActivity(workflowType: string, workflowId: string, args: unknown[]): Promise<void> {
  const { client, info } = Context.current();
  try {
    await client.workflow.start(workflowType, { taskQueue: info.taskQueue, workflowId, args });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
