import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Enrollment, MessageSend, Step } from '@trellis/runtime';
import { Model, trusted } from 'mongoose';
import { problems } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { temporalWorkflowUrl } from '../temporal/temporal-url';
import { ContactDirectory } from './contact-directory';
import { contactView } from './contact-view';

/** The latest this many steps of a contact are shown; the step log keeps everything. */
const timelineSteps = 1000;
/** And the latest this many messages. */
const timelineMessages = 200;

@Injectable()
export class ContactsService {
  constructor(
    private readonly directory: ContactDirectory,
    @InjectModel('Enrollment') private readonly enrollments: Model<Enrollment>,
    @InjectModel('Step') private readonly steps: Model<Step>,
    @InjectModel('MessageSend') private readonly sends: Model<MessageSend>,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * One contact across every journey: each enrolment (with its Temporal link), every node visit,
   * and every message with each of its turns (held back for quiet hours, sent, skipped and why).
   */
  async timeline(workspaceId: string, externalId: string) {
    const contact = await this.directory.find(workspaceId, externalId);
    if (!contact) throw problems.notFound(`Contact "${externalId}"`);
    const contactId = String(contact._id);
    const [enrollments, sends] = await Promise.all([
      this.enrollments.find({ workspaceId, contactId }).sort({ enrolledAt: 1 }).lean(),
      this.sends.find({ workspaceId, contactId }).sort({ firstTriedAt: -1, _id: -1 }).limit(timelineMessages).lean(),
    ]);
    const workflowIds = enrollments.map((enrollment) => enrollment.workflowId);
    // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
    const steps = workflowIds.length
      ? await this.steps.find({ workspaceId, workflowId: trusted({ $in: workflowIds }) }).sort({ at: -1, seq: -1, _id: -1 }).limit(timelineSteps).lean()
      : [];
    const enrollmentViews = enrollments.map((enrollment) => ({
      journeyId: enrollment.journeyId,
      workflowId: enrollment.workflowId,
      version: enrollment.version,
      status: enrollment.status,
      exitReason: enrollment.exitReason ?? null,
      source: enrollment.source ?? null,
      enrolledAt: enrollment.enrolledAt.toISOString(),
      completedAt: enrollment.completedAt?.toISOString() ?? null,
      temporalUrl: temporalWorkflowUrl(this.config, enrollment.workflowId),
    }));
    const stepViews = steps.reverse().map((entry) => ({
      at: entry.at.toISOString(),
      journeyId: entry.journeyId,
      workflowId: entry.workflowId,
      nodeId: entry.nodeId,
      visit: entry.visit,
      kind: entry.kind,
      ...(entry.from?.nodeId ? { from: { nodeId: entry.from.nodeId, port: entry.from.port } } : {}),
      ...(entry.output ? { output: entry.output } : {}),
    }));
    const messageViews = sends.reverse().map((send) => ({
      id: send._id,
      journeyId: send.journeyId ?? null,
      nodeId: send.nodeId ?? null,
      channel: send.channel,
      category: send.category,
      template: send.template,
      templateVersion: send.templateVersion ?? null,
      status: send.status,
      reason: send.reason ?? null,
      error: send.error ?? null,
      to: send.to ?? null,
      via: send.via ?? null,
      postId: send.postId ?? null,
      firstTriedAt: send.firstTriedAt.toISOString(),
      sentAt: send.sentAt?.toISOString() ?? null,
      unsubscribedAt: send.unsubscribedAt?.toISOString() ?? null,
      history: send.history.map((turn) => ({ status: turn.status, reason: turn.reason ?? null, at: turn.at.toISOString() })),
    }));
    return { contact: externalId, enrollments: enrollmentViews, steps: stepViews, messages: messageViews, entries: timelineEntries(enrollmentViews, stepViews, messageViews) };
  }

  async getByExternalId(workspaceId: string, externalId: string) {
    const doc = await this.directory.find(workspaceId, externalId);
    if (!doc) throw problems.notFound(`Contact "${externalId}"`);
    return contactView(doc);
  }
}

type EnrollmentView = { journeyId: string; workflowId: string; version: number; source: string | null; enrolledAt: string; temporalUrl: string | null };
type StepView = { at: string; journeyId: string; workflowId: string; nodeId: string; kind: string; output?: unknown };
type MessageView = { id: string; journeyId: string | null; nodeId: string | null; channel: string; template: string; history: { status: string; reason: string | null; at: string }[] };

/**
 * The contact's story as one list in time order: each enrolment (with its Temporal Web UI link),
 * every node entered, action done (with the tags and traits it changed), split arm, goal and
 * exit, and every turn of every message (held back, sent, skipped, failed, with the reason).
 */
function timelineEntries(enrollments: readonly EnrollmentView[], steps: readonly StepView[], messages: readonly MessageView[]) {
  const entries: { at: string; type: string; journeyId: string | null; [field: string]: unknown }[] = [
    ...enrollments.map((enrollment) => ({ at: enrollment.enrolledAt, type: 'enrolled', journeyId: enrollment.journeyId, workflowId: enrollment.workflowId, version: enrollment.version, source: enrollment.source, temporalUrl: enrollment.temporalUrl })),
    ...steps.map((step) => {
      const { at, journeyId, workflowId, nodeId, kind, output } = step;
      const type = kind === 'converted' ? 'goal' : kind === 'completed' ? ((output as { arm?: unknown } | undefined)?.arm !== undefined ? 'arm' : 'action') : kind;
      return { at, type, journeyId, workflowId, nodeId, ...(output ? { output } : {}) };
    }),
    ...messages.flatMap((message) =>
      message.history.map((turn) => ({ at: turn.at, type: 'message', journeyId: message.journeyId, nodeId: message.nodeId, messageId: message.id, channel: message.channel, template: message.template, status: turn.status, reason: turn.reason })),
    ),
  ];
  // Stable: at the same instant, an enrolment comes before its steps, and steps keep their order.
  return entries.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.index - b.index).map(({ entry }) => entry);
}

