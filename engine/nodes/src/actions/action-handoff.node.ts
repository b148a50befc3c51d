import { duration } from '@trellis/journey';
import { z } from 'zod';
import { requireService, taskPriorities } from '../define-action-node';
import { defineNode } from '../define-node';

/** The event the hand-off inbox records when an operator resolves a task (properties: taskId, resolution). */
export const taskResolvedEvent = 'task_resolved';

export const actionHandoffConfig = z.strictObject({
  title: z.string().trim().min(1, 'say what the operator should do').max(200).describe('What the operator should do, e.g. "Call about the membership upgrade".'),
  note: z.string().max(2000).optional().describe('Context for the operator.'),
  queue: z.string().trim().min(1).max(100).optional().describe('The inbox queue or team to route the task to.'),
  priority: z.enum(taskPriorities).default('normal').describe('How soon an operator should pick the task up.'),
  sla: z
    .strictObject({
      firstResponse: duration.optional().describe('Reply to the contact within this; missed, the task is escalated.'),
      resolution: duration.optional().describe('Resolve the case within this; missed, the task is escalated again.'),
    })
    .optional()
    .describe('Service-level promises; by priority otherwise (urgent 15 min / 4 h, high 1 h / 1 day, normal 4 h / 3 days, low 1 day / 7 days).'),
  waitForResolution: z
    .strictObject({ timeout: duration.describe('Take the "timedOut" path if nobody resolves the task by then.') })
    .optional()
    .describe('Hold the contact until an operator resolves the task (→ resolved) or the time runs out (→ timedOut).'),
});
export type ActionHandoffConfig = z.infer<typeof actionHandoffConfig>;

export const actionHandoffNode = defineNode({
  type: 'action.handoff',
  title: 'Hand off to a person',
  description: 'Creates a task in the hand-off inbox for a human operator, and can wait until it is resolved.',
  icon: 'headset',
  config: actionHandoffConfig,
  ports: { ifSet: 'waitForResolution', then: ['resolved', 'timedOut'], otherwise: ['next'] },
  listensTo: (config) => (config.waitForResolution ? [taskResolvedEvent] : []),
  async execute(config, { workspaceId, contactId, idempotencyKey, nowMs, origin, services }) {
    const { taskId } = await requireService(services, 'tasks', 'action.handoff').create({
      workspaceId,
      contactId,
      idempotencyKey,
      nowMs,
      ...(origin ? { origin } : {}),
      ...(config.sla ? { sla: config.sla } : {}),
      title: config.title,
      priority: config.priority,
      ...(config.note ? { note: config.note } : {}),
      ...(config.queue ? { queue: config.queue } : {}),
    });
    if (!config.waitForResolution) return { output: { taskId } };
    return {
      output: { taskId },
      waitFor: {
        event: taskResolvedEvent,
        where: { kind: 'field', path: 'properties.taskId', op: 'eq', value: taskId },
        timeout: config.waitForResolution.timeout,
        port: 'resolved',
        timeoutPort: 'timedOut',
      },
    };
  },
});
