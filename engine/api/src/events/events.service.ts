import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ContactSnapshot, EventSnapshot } from '@trellis/journey';
import { Contact, isDuplicateKeyError, loadContactSnapshot, NewestEnrollment, TrackedEvent } from '@trellis/runtime';
import { randomUUID } from 'node:crypto';
import { Model } from 'mongoose';
import { problems } from '../common/problem';
import { ContactDirectory } from '../contacts/contact-directory';
import { JourneysService, reactsTo, triggerMatch } from '../journeys/journeys.service';
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
    const contact = await this.directory.touch(workspaceId, body.userId, timestamp);
    const contactId = String(contact._id);

    let event;
    let duplicate = false;
    try {
      event = await this.events.create({
        workspaceId,
        messageId,
        name: body.event,
        userId: body.userId,
        contactId,
        properties: body.properties,
        timestamp,
        receivedAt,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      duplicate = true;
      event = await this.events.findOne({ workspaceId, messageId });
      if (!event) throw error;
      if (event.name !== body.event || event.userId !== body.userId) {
        throw problems.conflict(`messageId "${messageId}" was already used for a different event; use a new messageId.`);
      }
    }

    const eventId = String(event._id);
    let routed: { enrolled: EnrollmentOutcome[]; signalled: string[] } = { enrolled: [], signalled: [] };
    if (!event.processedAt) {
      routed = await this.route(workspaceId, { name: event.name, at: event.timestamp.getTime(), properties: event.properties ?? {} }, contactId, eventId);
      await this.events.updateOne({ _id: event._id }, { $set: { processedAt: new Date() } });
    }
    return { eventId, messageId, contactId, duplicate, ...routed };
  }

  /**
   * Signals the contact's running enrolments that react to the event, then starts the ones it
   * triggers. Both look at the contact's newest enrolment in each live journey, found by id.
   */
  private async route(workspaceId: string, event: EventSnapshot, contactId: string, eventId: string) {
    try {
      const routes = await this.journeys.routes(workspaceId);
      const newest = new Map<string, Promise<NewestEnrollment | undefined>>();
      const newestIn = (journeyId: string) => {
        let found = newest.get(journeyId);
        if (!found) newest.set(journeyId, (found = this.enrollments.newest({ workspaceId, journeyId, contactId })));
        return found;
      };
      const listening = routes.filter((route) => reactsTo(route.anyVersion, event.name));
      const signalled = await this.enrollments.signalRunning(await Promise.all(listening.map((route) => newestIn(route.journeyId))), { id: eventId, name: event.name });
      // Read once for every journey whose audience rule needs it, and only if one does.
      let snapshot: Promise<ContactSnapshot | undefined> | undefined;
      const contact = () => (snapshot ??= loadContactSnapshot({ contacts: this.contacts, events: this.events }, workspaceId, contactId));
      const triggered = routes.flatMap((route) => {
        const match = triggerMatch(route, event);
        return match ? [{ route, source: match.source }] : [];
      });
      const enrolled = await Promise.all(
        triggered.map(async ({ route, source }) =>
          this.enrollments.enroll(
            { workspaceId, journeyId: route.journeyId, contactId, version: route.version, planHash: route.hash },
            { triggerEventId: eventId, ...(source === undefined ? {} : { source }) },
            route.current,
            route.settings,
            contact,
            await newestIn(route.journeyId),
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
