import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Enrollment, Step } from '@trellis/runtime';
import { Model, trusted } from 'mongoose';
import { problems } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { temporalWorkflowUrl } from '../temporal/temporal-url';
import { ContactDirectory } from './contact-directory';
import { contactView } from './contact-view';

/** The latest this many steps of a contact are shown; the step log keeps everything. */
const timelineSteps = 1000;

@Injectable()
export class ContactsService {
  constructor(
    private readonly directory: ContactDirectory,
    @InjectModel('Enrollment') private readonly enrollments: Model<Enrollment>,
    @InjectModel('Step') private readonly steps: Model<Step>,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** One contact across every journey: each enrolment (with its Temporal link) and every node visit, in order. */
  async timeline(workspaceId: string, externalId: string) {
    const contact = await this.directory.find(workspaceId, externalId);
    if (!contact) throw problems.notFound(`Contact "${externalId}"`);
    const enrollments = await this.enrollments.find({ workspaceId, contactId: String(contact._id) }).sort({ enrolledAt: 1 }).lean();
    const workflowIds = enrollments.map((enrollment) => enrollment.workflowId);
    // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
    const steps = workflowIds.length
      ? await this.steps.find({ workspaceId, workflowId: trusted({ $in: workflowIds }) }).sort({ at: -1, _id: -1 }).limit(timelineSteps).lean()
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
    };
  }

  async getByExternalId(workspaceId: string, externalId: string) {
    const doc = await this.directory.find(workspaceId, externalId);
    if (!doc) throw problems.notFound(`Contact "${externalId}"`);
    return contactView(doc);
  }
}
