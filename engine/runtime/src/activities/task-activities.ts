import { driverCollection } from '../store/driver-collection';
import { RuntimeModels } from '../store/models';

/** Each step up when a promise is missed. */
const raised: Record<string, string> = { low: 'normal', normal: 'high', high: 'urgent', urgent: 'urgent' };

/** What a task's SLA workflow does: escalate the task when a promise was missed. */
export function taskActivities(models: RuntimeModels) {
  const tasks = driverCollection(models.tasks);
  return {
    /**
     * Records the miss on the task and raises its priority, once per kind (a retried activity
     * finds it recorded); a task resolved meanwhile is left alone.
     */
    async escalateTask(input: { workspaceId: string; taskId: string; kind: 'first_response' | 'resolution' }): Promise<{ escalated: boolean }> {
      const task = await tasks.findOne({ _id: input.taskId, workspaceId: input.workspaceId });
      if (!task || task.status === 'resolved' || task.escalations.some((escalation) => escalation.kind === input.kind)) return { escalated: false };
      const priority = raised[task.priority] ?? task.priority;
      const updated = await tasks.updateOne(
        { _id: input.taskId, status: { $ne: 'resolved' }, 'escalations.kind': { $ne: input.kind } },
        { $set: { priority }, $push: { escalations: { kind: input.kind, at: new Date(), priority } } },
      );
      return { escalated: updated.modifiedCount === 1 };
    },
  };
}

export type TaskActivities = ReturnType<typeof taskActivities>;
