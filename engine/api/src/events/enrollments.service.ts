import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import {
  Enrollment,
  EnrollmentInput,
  enrollmentWorkflowId,
  journeyEventSignal,
  journeyWorkflowType,
  searchAttributeKeys,
  type journeyWorkflow,
} from '@trellis/runtime';
import { Model } from 'mongoose';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { signalEach } from '../temporal/signal-each';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';

export interface EnrollmentOutcome {
  journeyId: string;
  workflowId: string;
  /** False when the contact already has (or had) an enrolment in this journey. */
  started: boolean;
}

@Injectable()
export class EnrollmentsService {
  private readonly logger = new Logger(EnrollmentsService.name);

  constructor(
    @InjectModel('Enrollment') private readonly enrollments: Model<Enrollment>,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Starts the contact's workflow for a published journey version. Idempotent: the workflow id
   * is derived from journey and contact, so a retried event cannot enrol twice.
   */
  async enroll(
    input: EnrollmentInput,
    cause: { triggerEventId: string; source?: string },
    routing: { listensTo: string[]; watchesContact: boolean },
  ): Promise<EnrollmentOutcome> {
    const workflowId = enrollmentWorkflowId(input);
    // The row exists before the workflow does, so the workflow's own updates always find it.
    await this.enrollments.updateOne(
      { workflowId },
      {
        $setOnInsert: {
          workspaceId: input.workspaceId,
          journeyId: input.journeyId,
          contactId: input.contactId,
          version: input.version,
          planHash: input.planHash,
          workflowId,
          status: 'running',
          enrolledAt: new Date(),
          triggerEventId: cause.triggerEventId,
          listensTo: routing.listensTo,
          watchesContact: routing.watchesContact,
          ...(cause.source ? { source: cause.source } : {}),
        },
      },
      { upsert: true },
    );
    try {
      // Bounded, so a Temporal outage fails the request in seconds (the event stays stored).
      await this.temporal.withDeadline(Date.now() + 10_000, () => this.temporal.workflow.start<typeof journeyWorkflow>(journeyWorkflowType, {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: new TypedSearchAttributes([
          { key: searchAttributeKeys.workspaceId, value: input.workspaceId },
          { key: searchAttributeKeys.journeyId, value: input.journeyId },
          { key: searchAttributeKeys.contactId, value: input.contactId },
        ]),
      }));
      this.logger.log(`enrolled ${workflowId} on v${input.version}`);
      return { journeyId: input.journeyId, workflowId, started: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { journeyId: input.journeyId, workflowId, started: false };
      throw error;
    }
  }

  /**
   * Signals the contact's running enrolments whose plans react to this event (an event wait, the
   * goal, exit criteria, a condition re-check). A lookup by contact, not a scan; the signal
   * carries the event id only.
   */
  async signalRunning(workspaceId: string, contactId: string, event: { id: string; name: string }): Promise<string[]> {
    const running = await this.enrollments
      .find({ workspaceId, contactId, status: 'running', $or: [{ listensTo: event.name }, { watchesContact: true }] }, { workflowId: 1 })
      .lean();
    return signalEach(
      this.temporal,
      running.map(({ workflowId }) => workflowId),
      journeyEventSignal,
      { eventId: event.id },
    );
  }
}
