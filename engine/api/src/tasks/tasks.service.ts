import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { taskResolvedEvent } from '@trellis/nodes';
import { Contact, driverCollection, Task, taskProgressSignal, taskSlaWorkflowId } from '@trellis/runtime';
import { isObjectIdOrHexString, Model, Types } from 'mongoose';
import { AuditLog } from '../access/audit-log.service';
import { Actor } from '../access/principal';
import { problems } from '../common/problem';
import { EventsService } from '../events/events.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { externalIdsOf } from '../contacts/external-ids';
import { ListTasksQuery, ResolveTaskBody, TaskNoteBody } from './tasks.dto';

type TaskDoc = Task & { counted?: boolean };

function taskView(task: TaskDoc, externalId: string | null) {
  return {
    id: task._id,
    contactId: task.contactId,
    /** The contact's user id, for a link to the contact (null for an anonymous contact). */
    externalId,
    journeyId: task.journeyId ?? null,
    nodeId: task.nodeId ?? null,
    title: task.title,
    note: task.note ?? null,
    queue: task.queue,
    priority: task.priority,
    status: task.status,
    assignee: task.assignee ?? null,
    notes: task.notes.map((note) => ({ ...note, at: note.at.toISOString() })),
    resolution: task.resolution ?? null,
    createdAt: task.createdAt.toISOString(),
    claimedAt: task.claimedAt?.toISOString() ?? null,
    firstResponseAt: task.firstResponseAt?.toISOString() ?? null,
    resolvedAt: task.resolvedAt?.toISOString() ?? null,
    due: { firstResponseBy: task.due.firstResponseBy.toISOString(), resolveBy: task.due.resolveBy.toISOString() },
    escalations: task.escalations.map((escalation) => ({ ...escalation, at: escalation.at.toISOString() })),
  };
}

/**
 * The hand-off inbox: operators list, claim, answer and resolve the cases journeys open. A first
 * response and a resolution reach the task's SLA timers in Temporal; a resolution is also an
 * event (`task_resolved`) for the journey waiting on it, and lets marketing reach the contact again.
 */
@Injectable()
export class TasksService {
  private readonly logger = new Logger(TasksService.name);

  constructor(
    @InjectModel('Task') private readonly tasks: Model<Task>,
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly events: EventsService,
    private readonly audit: AuditLog,
  ) {}

  async list(workspaceId: string, query: ListTasksQuery, actor: Actor) {
    const filter = { workspaceId, ...(query.status ? { status: query.status } : {}), ...(query.queue ? { queue: query.queue } : {}), ...(query.mine === 'true' ? { 'assignee.id': actor.id } : {}) };
    const found = (await this.tasks.find(filter).sort({ createdAt: 1, _id: 1 }).limit(query.limit).lean()) as TaskDoc[];
    const externalIds = await externalIdsOf(this.contacts, workspaceId, found.map((task) => task.contactId));
    return { tasks: found.map((task) => taskView(task, externalIds.get(task.contactId) ?? null)) };
  }

  async get(workspaceId: string, id: string) {
    return this.view(workspaceId, await this.find(workspaceId, id));
  }

  async claim(workspaceId: string, id: string, actor: Actor) {
    const task = await this.find(workspaceId, id);
    if (task.status === 'resolved') throw problems.conflict('The task is resolved already.');
    if (task.assignee && task.assignee.id !== actor.id) throw problems.conflict(`${task.assignee.name} has claimed this task.`);
    const claimed = await this.change(workspaceId, id, { status: { $ne: 'resolved' } }, { $set: { status: 'claimed', assignee: { id: actor.id, name: actor.name }, claimedAt: task.claimedAt ?? new Date() } });
    await this.audit.record(workspaceId, actor, 'task.claimed', { type: 'task', id });
    return this.view(workspaceId, claimed);
  }

  /** A reply to the contact (the first one keeps the first-response promise), or a note for colleagues. */
  async addNote(workspaceId: string, id: string, body: TaskNoteBody, kind: 'response' | 'note', actor: Actor) {
    const task = await this.find(workspaceId, id);
    if (task.status === 'resolved') throw problems.conflict('The task is resolved already.');
    const now = new Date();
    const first = kind === 'response' && !task.firstResponseAt;
    const updated = await this.change(workspaceId, id, {}, { $push: { notes: { by: actor.name, text: body.text, kind, at: now } }, ...(first ? { $set: { firstResponseAt: now } } : {}) });
    if (first) await this.signal(workspaceId, id, 'responded');
    return this.view(workspaceId, updated);
  }

  async resolve(workspaceId: string, id: string, body: ResolveTaskBody, actor: Actor) {
    const task = await this.find(workspaceId, id);
    if (task.status === 'resolved') throw problems.conflict('The task is resolved already.');
    const now = new Date();
    const resolved = await this.change(
      workspaceId,
      id,
      { status: { $ne: 'resolved' } },
      {
        $set: { status: 'resolved', resolution: body.resolution, resolvedAt: now, ...(task.assignee ? {} : { assignee: { id: actor.id, name: actor.name } }) },
        ...(body.note ? { $push: { notes: { by: actor.name, text: body.note, kind: 'note', at: now } } } : {}),
      },
    );
    if (task.counted && isObjectIdOrHexString(task.contactId)) {
      await driverCollection(this.contacts).updateOne({ _id: new Types.ObjectId(task.contactId), workspaceId, openHandoffs: { $gt: 0 } }, { $inc: { openHandoffs: -1 }, $set: { updatedAt: now } });
    }
    await this.signal(workspaceId, id, 'resolved');
    // The journey that opened it may be waiting for this.
    await this.events.ingest(workspaceId, { name: taskResolvedEvent, contactId: task.contactId, messageId: `task-resolved:${id}`, properties: { taskId: id, resolution: body.resolution } });
    await this.audit.record(workspaceId, actor, 'task.resolved', { type: 'task', id }, { resolution: body.resolution });
    return this.view(workspaceId, resolved);
  }

  private async find(workspaceId: string, id: string): Promise<TaskDoc> {
    const task = (await this.tasks.findById(id).lean()) as TaskDoc | null;
    if (!task || task.workspaceId !== workspaceId) throw problems.notFound(`Task ${id}`);
    return task;
  }

  /** Applies a change while `condition` holds; a change that lost a race (resolved meanwhile) is a conflict. */
  private async change(workspaceId: string, id: string, condition: Record<string, unknown>, update: Record<string, unknown>): Promise<TaskDoc> {
    const changed = (await driverCollection(this.tasks).findOneAndUpdate({ _id: id, workspaceId, ...condition }, update, { returnDocument: 'after' })) as TaskDoc | null;
    if (!changed) throw problems.conflict('The task changed meanwhile (resolved by someone else?); reload it.');
    return changed;
  }

  private async signal(workspaceId: string, id: string, progress: 'responded' | 'resolved'): Promise<void> {
    try {
      await this.temporal.workflow.getHandle(taskSlaWorkflowId(workspaceId, id)).signal(taskProgressSignal, progress);
    } catch (error) {
      // Its timers have all run out already: nothing is waiting to hear it.
      if (!(error instanceof WorkflowNotFoundError)) this.logger.warn(`task ${id}: SLA timers not told "${progress}": ${(error as Error).message}`);
    }
  }

  private async view(workspaceId: string, task: TaskDoc) {
    const externalIds = await externalIdsOf(this.contacts, workspaceId, [task.contactId]);
    return taskView(task, externalIds.get(task.contactId) ?? null);
  }
}
