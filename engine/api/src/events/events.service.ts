import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ContactSnapshot, EventSnapshot } from '@trellis/journey';
import { Contact, isDuplicateKeyError, loadContactSnapshot, NewestEnrollment, TrackedEvent } from '@trellis/runtime';
import { randomUUID } from 'node:crypto';
import { Model } from 'mongoose';
import { problems } from '../common/problem';
import { ContactDirectory } from '../contacts/contact-directory';
import { JourneyRoute, JourneysService, reactsTo, triggerMatch } from '../journeys/journeys.service';
import { EnrollmentOutcome, EnrollmentsService } from './enrollments.service';
import { TrackEventBody } from './events.dto';

@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);

  constructor(
    @InjectModel('TrackedEvent') private readonly events: Model<TrackedEvent>,
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
    private readonly directory: ContactDirectory,
    private readonly journeys: JourneysService,
    private readonly enrollments: EnrollmentsService,
  ) {}

  /**
   * Stores the event first, then acts on it. The stored copy is marked processed only after
   * every enrolment succeeded, so a failure part-way leaves it to be finished by a retry of the
   * same messageId: an accepted event is never dropped, and never acted on twice.
   */
  async track(workspaceId: string, body: TrackEventBody) {
    const receivedAt = new Date();
    const timestamp = body.timestamp ? new Date(body.timestamp) : receivedAt;
    const messageId = body.messageId ?? randomUUID();
    // Where the event may go does not depend on who sent it: read both at once.
    const [contact, routes] = await Promise.all([this.directory.touch(workspaceId, body.userId, timestamp), this.journeys.routes(workspaceId)]);
    const contactId = String(contact._id);
    // The contact's enrolments in the journeys the event may reach are looked up while it is stored.
    const newest = new NewestEnrollments(this.enrollments, workspaceId, contactId);
    const sent = targets(routes, { name: body.event, at: timestamp.getTime(), properties: body.properties ?? {} });
    const [{ event, duplicate }] = await Promise.all([this.store(workspaceId, { ...body, messageId, timestamp, receivedAt, contactId }), newest.prefetch(sent.journeyIds)]);

    const eventId = String(event._id);
    let routed: { enrolled: EnrollmentOutcome[]; signalled: string[] } = { enrolled: [], signalled: [] };
    if (!event.processedAt) {
      // A retry is routed as first stored: its time and properties may differ from this request's.
      const stored = duplicate ? targets(routes, { name: event.name, at: event.timestamp.getTime(), properties: event.properties ?? {} }) : sent;
      routed = await this.route(workspaceId, stored, newest, eventId);
      await this.events.updateOne({ _id: event._id }, { $set: { processedAt: new Date() } });
    }
    return { eventId, messageId, contactId, duplicate, ...routed };
  }

  /** The stored event: new, or the one a retry of the same messageId stored before. */
  private async store(workspaceId: string, input: Omit<TrackEventBody, 'timestamp' | 'messageId'> & { messageId: string; timestamp: Date; receivedAt: Date; contactId: string }) {
    const { messageId } = input;
    try {
      const event = await this.events.create({
        workspaceId,
        messageId,
        name: input.event,
        userId: input.userId,
        contactId: input.contactId,
        properties: input.properties,
        timestamp: input.timestamp,
        receivedAt: input.receivedAt,
      });
      return { event, duplicate: false };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const event = await this.events.findOne({ workspaceId, messageId });
      if (!event) throw error;
      if (event.name !== input.event || event.userId !== input.userId) {
        throw problems.conflict(`messageId "${messageId}" was already used for a different event; use a new messageId.`);
      }
      return { event, duplicate: true };
    }
  }

  /**
   * Signals the contact's running enrolments that react to the event, then starts the ones it
   * triggers. Both look at the contact's newest enrolment in each journey, found by id.
   */
  private async route(workspaceId: string, { listening, triggered, event }: RouteTargets, newest: NewestEnrollments, eventId: string) {
    const { contactId } = newest;
    try {
      const signalled = await this.enrollments.signalRunning(await Promise.all(listening.map((route) => newest.in(route.journeyId))), { id: eventId, name: event.name });
      // Read once for every journey whose audience rule needs it, and only if one does.
      let snapshot: Promise<ContactSnapshot | undefined> | undefined;
      const contact = () => (snapshot ??= loadContactSnapshot({ contacts: this.contacts, events: this.events }, workspaceId, contactId));
      const enrolled = await Promise.all(
        triggered.map(async ({ route, source }) =>
          this.enrollments.enroll(
            { workspaceId, journeyId: route.journeyId, contactId, version: route.version, planHash: route.hash },
            { triggerEventId: eventId, ...(source === undefined ? {} : { source }) },
            route.current,
            route.settings,
            contact,
            await newest.in(route.journeyId),
          ),
        ),
      );
      return { enrolled, signalled };
    } catch (error) {
      this.logger.warn(`event ${eventId} is stored but not yet acted on: ${(error as Error).message}${(error as Error).cause ? ` (${String((error as Error).cause)})` : ""}`);
      throw problems.unavailable('The event is stored, but journeys could not be started right now. Send it again with the same messageId.');
    }
  }
}

interface RouteTargets {
  event: EventSnapshot;
  /** Live journeys whose running enrolments (of any version) react to the event. */
  listening: JourneyRoute[];
  /** Active journeys whose trigger takes it, with the source the trigger read. */
  triggered: { route: JourneyRoute; source?: string }[];
  journeyIds: string[];
}

function targets(routes: readonly JourneyRoute[], event: EventSnapshot): RouteTargets {
  const listening = routes.filter((route) => reactsTo(route.anyVersion, event.name));
  const triggered = routes.flatMap((route) => {
    const match = triggerMatch(route, event);
    return match ? [{ route, ...(match.source === undefined ? {} : { source: match.source }) }] : [];
  });
  const journeyIds = [...new Set([...listening, ...triggered.map(({ route }) => route)].map((route) => route.journeyId))];
  return { event, listening, triggered, journeyIds };
}

/** The contact's newest enrolment in each journey, each looked up once per event. */
class NewestEnrollments {
  private readonly found = new Map<string, Promise<NewestEnrollment | undefined>>();

  constructor(
    private readonly enrollments: EnrollmentsService,
    private readonly workspaceId: string,
    readonly contactId: string,
  ) {}

  in(journeyId: string): Promise<NewestEnrollment | undefined> {
    let found = this.found.get(journeyId);
    if (!found) this.found.set(journeyId, (found = this.enrollments.newest({ workspaceId: this.workspaceId, journeyId, contactId: this.contactId })));
    return found;
  }

  async prefetch(journeyIds: readonly string[]): Promise<void> {
    await Promise.all(journeyIds.map((journeyId) => this.in(journeyId)));
  }
}
