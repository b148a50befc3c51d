import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { admit, AdmissionRefusal, ContactSnapshot, JourneySettings } from '@trellis/journey';
import {
  driverCollection,
  Enrollment,
  isDuplicateKeyError,
  EnrollmentInput,
  enrollmentWorkflowId,
  journeyEventSignal,
  journeyWorkflowType,
  newestEnrollment,
  NewestEnrollment,
  searchAttributeKeys,
  type journeyWorkflow,
} from '@trellis/runtime';
import { Model } from 'mongoose';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { reactsTo } from '../journeys/journeys.service';
import { PlanOpenings } from '../journeys/plan-openings';
import { bounded } from '../temporal/bounded';
import { signalEach } from '../temporal/signal-each';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';

export interface EnrollmentOutcome {
  journeyId: string;
  workflowId: string;
  /** False when the contact is already enrolled, or the journey's entry rules keep them out. */
  started: boolean;
  /** Which entry rule kept the contact out. */
  refused?: AdmissionRefusal;
}

@Injectable()
export class EnrollmentsService {
  private readonly logger = new Logger(EnrollmentsService.name);

  constructor(
    @InjectModel('Enrollment') private readonly enrollments: Model<Enrollment>,
    private readonly openings: PlanOpenings,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Starts the contact's workflow for a published journey version, if its entry rules allow.
   * `last` is the contact's newest enrolment in the journey (`newestEnrollment`).
   * Idempotent: a retried event finds the enrolment it started; racing starts of the same
   * enrolment compute the same workflow id, and Temporal lets one run.
   */
  async enroll(
    input: EnrollmentInput,
    cause: { triggerEventId: string; source?: string },
    routing: { listensTo: string[]; watchesContact: boolean },
    settings: JourneySettings,
    contact: () => Promise<ContactSnapshot | undefined>,
    last: NewestEnrollment | undefined,
  ): Promise<EnrollmentOutcome> {
    const { workspaceId, journeyId, contactId } = input;
    // A retried event finds the enrolment it started (the newest, as nothing enrols in between).
    const retried = last?.triggerEventId === cause.triggerEventId ? last : undefined;
    let seq = retried?.seq ?? 1;
    if (!retried) {
      const refusal = await this.refusal(input, settings, contact, last);
      if (refusal) return { journeyId, workflowId: last?._id ?? enrollmentWorkflowId(input), started: false, refused: refusal };
      seq = (last?.seq ?? 0) + 1;
    }
    const workflowId = enrollmentWorkflowId(input, seq);
    // The row exists before the workflow does, so the workflow's own updates always find it,
    // and a second event sees a running enrolment at once.
    try {
      await driverCollection(this.enrollments).insertOne({
        _id: workflowId,
        workspaceId,
        journeyId,
        contactId,
        version: input.version,
        planHash: input.planHash,
        workflowId,
        seq,
        status: 'running',
        enrolledAt: new Date(),
        triggerEventId: cause.triggerEventId,
        listensTo: routing.listensTo,
        watchesContact: routing.watchesContact,
        ...(cause.source ? { source: cause.source } : {}),
      });
    } catch (error) {
      // A retry of this event, or a racing one, wrote it first: the workflow start below decides.
      if (!isDuplicateKeyError(error)) throw error;
    }
    const opening = await this.openings.of(input);
    try {
      // Bounded: a Temporal outage fails the request in seconds (the event stays stored).
      await bounded(this.temporal, () => this.temporal.workflow.start<typeof journeyWorkflow>(journeyWorkflowType, {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId,
        args: [opening ? { ...input, opening } : input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: new TypedSearchAttributes([
          { key: searchAttributeKeys.workspaceId, value: workspaceId },
          { key: searchAttributeKeys.journeyId, value: journeyId },
          { key: searchAttributeKeys.contactId, value: contactId },
        ]),
      }));
      this.logger.log(`enrolled ${workflowId} on v${input.version}`);
      return { journeyId, workflowId, started: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { journeyId, workflowId, started: false };
      throw error;
    }
  }

  /** The contact's newest enrolment in the journey, found by id (see `newestEnrollment`). */
  newest(ref: Pick<EnrollmentInput, 'workspaceId' | 'journeyId' | 'contactId'>): Promise<NewestEnrollment | undefined> {
    return newestEnrollment(this.enrollments, ref);
  }

  /** Why the journey's entry rules keep the contact out now, if they do (the same `admit` the simulator uses). */
  private async refusal(
    input: EnrollmentInput,
    settings: JourneySettings,
    loadContact: () => Promise<ContactSnapshot | undefined>,
    last?: { status: string; enrolledAt: Date },
  ): Promise<AdmissionRefusal | undefined> {
    const { workspaceId, journeyId } = input;
    const contact = settings.audience ? await loadContact() : undefined;
    const activeCount = settings.maxConcurrent === undefined ? 0 : await this.enrollments.countDocuments({ workspaceId, journeyId, status: 'running' });
    const decision = admit(
      { settings },
      {
        nowMs: Date.now(),
        contact: contact ?? { traits: {}, tags: [] },
        running: last?.status === 'running',
        ...(last ? { lastEnrolledAtMs: last.enrolledAt.getTime() } : {}),
        activeCount,
      },
    );
    return decision.ok ? undefined : decision.reason;
  }

  /**
   * Signals running enrolments (each a contact's newest in its journey) whose plans react to the
   * event: an event wait, the goal, exit criteria, a condition re-check. The signal carries the
   * event id only, so histories stay small.
   */
  async signalRunning(newest: readonly (NewestEnrollment | undefined)[], event: { id: string; name: string }): Promise<string[]> {
    const listening = newest.filter((enrollment): enrollment is NewestEnrollment => enrollment?.status === 'running' && reactsTo(enrollment, event.name));
    return signalEach(this.temporal, listening.map(({ _id }) => _id), journeyEventSignal, { eventId: event.id });
  }
}
