import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Client } from '@temporalio/client';
import { Enrollment, Journey, JourneyControl, journeyControlSignal, newestEnrollment } from '@trellis/runtime';
import { Model, trusted } from 'mongoose';
import { AuditLog } from '../access/audit-log.service';
import { Actor } from '../access/principal';
import { problems } from '../common/problem';
import { ContactDirectory } from '../contacts/contact-directory';
import { signalEach } from '../temporal/signal-each';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { BroadcastSchedules } from '../journeys/broadcast-schedules';
import { JourneyRoutesCache } from '../journeys/journey-routes';

type Status = Journey['status'];

/** Which states a journey may move to from which: pause and resume only between active and paused. */
const transitions: Record<'pause' | 'resume' | 'archive', { from: readonly Status[]; to: Status; control: JourneyControl }> = {
  pause: { from: ['active'], to: 'paused', control: { command: 'pause' } },
  resume: { from: ['paused'], to: 'active', control: { command: 'resume' } },
  archive: { from: ['draft', 'active', 'paused'], to: 'archived', control: { command: 'exit', reason: 'archived' } },
};

/**
 * A journey's lifecycle, reaching its contacts in flight: paused journeys enrol no one and hold
 * their contacts before their next action; archived ones end every enrolment where it is, with
 * the reason recorded; one contact can be taken out of a journey on its own.
 */
@Injectable()
export class JourneyLifecycleService {
  constructor(
    @InjectModel('Journey') private readonly journeys: Model<Journey>,
    @InjectModel('Enrollment') private readonly enrollments: Model<Enrollment>,
    private readonly directory: ContactDirectory,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly audit: AuditLog,
    private readonly broadcasts: BroadcastSchedules,
    private readonly routes: JourneyRoutesCache,
  ) {}

  async change(workspaceId: string, journeyId: string, action: keyof typeof transitions, actor: Actor) {
    const { from, to, control } = transitions[action];
    const refused = (status: string) => problems.conflict(`A ${status} journey cannot be ${action === 'archive' ? 'archived' : `${action}d`}; it must be ${from.join(' or ')}.`);
    const journey = await this.journeys.findOne({ _id: journeyId, workspaceId }, { status: 1, published: 1 }).lean();
    if (!journey) throw problems.notFound(`Journey ${journeyId}`);
    if (!from.includes(journey.status)) {
      // Sent again after the change was saved but the routing version was not moved: move it now.
      if (journey.status === to) await this.routes.changed(workspaceId);
      throw refused(journey.status);
    }
    // The broadcast schedule moves first: if Temporal is unreachable nothing has changed, and the
    // request can simply be sent again. A firing checks the journey's status before it enrols, so
    // a schedule resumed a moment before its journey enrols no one meanwhile.
    const trigger = journey.published?.trigger as { type: string; config: unknown } | undefined;
    await this.broadcasts.sync(workspaceId, journeyId, trigger, to);
    // The status changes next, so no new enrolment starts once the request is answered.
    // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
    const previous = await this.journeys.findOneAndUpdate({ _id: journeyId, workspaceId, status: trusted({ $in: [...from] }) }, { $set: { status: to } }, { new: false }).lean();
    if (!previous) {
      // Another request moved the journey meanwhile: its schedule follows where the journey is.
      const now = await this.journeys.findOne({ _id: journeyId, workspaceId }, { status: 1 }).lean();
      await this.broadcasts.sync(workspaceId, journeyId, trigger, now?.status ?? 'archived');
      throw refused(now?.status ?? 'removed');
    }
    await this.routes.changed(workspaceId);
    await this.audit.record(workspaceId, actor, `journey.${to === 'active' ? 'resumed' : to}`, { type: 'journey', id: journeyId }, { from: previous.status });
    const running = await this.enrollments.find({ workspaceId, journeyId, status: 'running' }, { workflowId: 1 }).lean();
    const signalled = await this.signal(running.map(({ workflowId }) => workflowId), control);
    return { journeyId, status: to, signalled: signalled.length };
  }

  async removeContact(workspaceId: string, journeyId: string, externalId: string, actor: Actor) {
    const contact = await this.directory.find(workspaceId, externalId);
    if (!contact) throw problems.notFound(`Contact ${externalId}`);
    // Only the newest of a contact's enrolments in a journey can be running.
    const newest = await newestEnrollment(this.enrollments, { workspaceId, journeyId, contactId: String(contact._id) });
    if (newest?.status !== 'running') throw problems.notFound(`A running enrolment of contact ${externalId} in journey ${journeyId}`);
    const signalled = await this.signal([newest._id], { command: 'exit', reason: 'removed' });
    await this.audit.record(workspaceId, actor, 'journey.contact_removed', { type: 'journey', id: journeyId }, { contact: externalId });
    return { journeyId, contact: externalId, removed: signalled };
  }

  private async signal(workflowIds: string[], control: JourneyControl): Promise<string[]> {
    try {
      return await signalEach(this.temporal, workflowIds, journeyControlSignal, control);
    } catch {
      throw problems.unavailable('The change is saved, but contacts in flight could not be told right now. Send the request again.');
    }
  }
}
