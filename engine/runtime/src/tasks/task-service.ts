import { Duration, durationMs } from '@trellis/journey';
import { ActionServices, TaskPriority } from '@trellis/nodes';
import { isObjectIdOrHexString, Types } from 'mongoose';
import { startFromActivity } from '../activities/start-from-activity';
import { driverCollection } from '../store/driver-collection';
import { isDuplicateKeyError } from '../store/errors';
import { RuntimeModels } from '../store/models';
import { Task, taskIdOf, taskSlaWorkflowId } from '../store/task.schema';
import type { TaskSlaInput } from '../workflows/task-sla.workflow';

/** How soon a task must be answered and resolved, by priority, unless its node says otherwise. */
export const slaDefaults: Record<TaskPriority, { firstResponse: Duration; resolution: Duration }> = {
  urgent: { firstResponse: { amount: 15, unit: 'minutes' }, resolution: { amount: 4, unit: 'hours' } },
  high: { firstResponse: { amount: 1, unit: 'hours' }, resolution: { amount: 1, unit: 'days' } },
  normal: { firstResponse: { amount: 4, unit: 'hours' }, resolution: { amount: 3, unit: 'days' } },
  low: { firstResponse: { amount: 1, unit: 'days' }, resolution: { amount: 7, unit: 'days' } },
};

type TaskDoc = Task & { counted?: boolean };

/**
 * Hand-offs opened by `action.handoff`: the task (once per visit), the contact's count of open
 * hand-offs (which holds back marketing from every journey until the case is resolved), and the
 * task's SLA timers as a Temporal workflow started from the running activity's client.
 */
export function taskService(models: RuntimeModels): NonNullable<ActionServices['tasks']> {
  const tasks = driverCollection(models.tasks);
  return {
    async create(request) {
      const _id = taskIdOf(request.idempotencyKey);
      const sla = { ...slaDefaults[request.priority], ...request.sla };
      const createdAt = new Date(request.nowMs);
      const task: TaskDoc = {
        _id,
        workspaceId: request.workspaceId,
        contactId: request.contactId,
        ...(request.origin ? { journeyId: request.origin.journeyId, nodeId: request.origin.nodeId } : {}),
        title: request.title,
        ...(request.note ? { note: request.note } : {}),
        queue: request.queue ?? 'default',
        priority: request.priority,
        status: 'open',
        notes: [],
        createdAt,
        due: { firstResponseBy: new Date(request.nowMs + durationMs(sla.firstResponse)), resolveBy: new Date(request.nowMs + durationMs(sla.resolution)) },
        escalations: [],
        counted: false,
      };
      let stored: TaskDoc | null = task;
      try {
        await tasks.insertOne(task);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        stored = await tasks.findOne({ _id });
      }
      // Counted on the contact once, marked on the task, so a retry after a crash in between still counts it.
      if (stored && !stored.counted && stored.status !== 'resolved' && isObjectIdOrHexString(request.contactId)) {
        await driverCollection(models.contacts).updateOne({ _id: new Types.ObjectId(request.contactId), workspaceId: request.workspaceId }, { $inc: { openHandoffs: 1 }, $set: { updatedAt: new Date() } });
        await tasks.updateOne({ _id }, { $set: { counted: true } });
      }
      const timers: TaskSlaInput = { workspaceId: request.workspaceId, taskId: _id, firstResponseByMs: (stored ?? task).due.firstResponseBy.getTime(), resolveByMs: (stored ?? task).due.resolveBy.getTime() };
      await startFromActivity('taskSlaWorkflow', taskSlaWorkflowId(request.workspaceId, _id), [timers]);
      return { taskId: _id };
    },
  };
}
