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
    return {
      contact: externalId,
      enrollments: enrollments.map((enrollment) => ({
        journeyId: enrollment.journeyId,
        workflowId: enrollment.workflowId,
        version: enrollment.version,
        status: enrollment.status,
        exitReason: enrollment.exitReason ?? null,
        source: enrollment.source ?? null,
        enrolledAt: enrollment.enrolledAt.toISOString(),
        completedAt: enrollment.completedAt?.toISOString() ?? null,
        temporalUrl: temporalWorkflowUrl(this.config, enrollment.workflowId),
      })),
      steps: steps.reverse().map((entry) => ({
        at: entry.at.toISOString(),
        journeyId: entry.journeyId,
        workflowId: entry.workflowId,
        nodeId: entry.nodeId,
        visit: entry.visit,
        kind: entry.kind,
        ...(entry.output ? { output: entry.output } : {}),
      })),
      messages: sends.reverse().map((send) => ({
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
      })),
    };
  }

  async getByExternalId(workspaceId: string, externalId: string) {
    const doc = await this.directory.find(workspaceId, externalId);
    if (!doc) throw problems.notFound(`Contact "${externalId}"`);
    return contactView(doc);
  }
}
