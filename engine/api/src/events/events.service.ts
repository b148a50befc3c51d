import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ContactSnapshot, EventSnapshot } from '@trellis/journey';
import {
  activityUpdate,
  changedBy,
  Contact,
  ContactDoc,
  ContactUpdate,
  CountedEvent,
  driverCollection,
  findOwned,
  Identity,
  isDuplicateKeyError,
  loadContactSnapshot,
  mergeUpdates,
  NewestEnrollment,
  rescoreRead,
  TrackedEvent,
} from '@trellis/runtime';
import { randomUUID } from 'node:crypto';
import { Model, Types } from 'mongoose';
import { problems } from '../common/problem';
import { ContactChanges } from '../contacts/contact-changes';
import { ContactDirectory } from '../contacts/contact-directory';
import { GroupActivity } from '../groups/group-activity';
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
    private readonly changes: ContactChanges,
    private readonly groups: GroupActivity,
  ) {}

  /** Our own track call (`POST /v1/events`). */
  track(workspaceId: string, body: TrackEventBody) {
    return this.ingest(workspaceId, {
      name: body.event,
      ...(body.messageId ? { messageId: body.messageId } : {}),
      userId: body.userId,
      properties: body.properties ?? {},
      ...(body.timestamp ? { timestamp: new Date(body.timestamp) } : {}),
    });
  }

  /**
   * Stores the event first, then acts on it. The stored copy is marked processed only after
   * every enrolment succeeded (at once, when no journey listens to it or starts on it), so a
   * failure part-way leaves it to be finished by a retry of the same messageId: an accepted event
   * is never dropped, and never acted on twice.
   */
  async ingest(workspaceId: string, incoming: IncomingEvent, routesRead?: Promise<readonly JourneyRoute[]>) {
    const receivedAt = incoming.receivedAt ?? new Date();
    const timestamp = incoming.timestamp ?? receivedAt;
    const messageId = incoming.messageId ?? randomUUID();
    // Where the event may go does not depend on who sent it (a batch reads the routes once for all its calls).
    const routes = await (routesRead ?? this.journeys.routes(workspaceId));
    const sent = targets(routes, { name: incoming.name, at: timestamp.getTime(), properties: incoming.properties });
    // An event no journey listens to or starts on has nothing left to do once stored.
    const nothingToDo = !sent.listening.length && !sent.triggered.length;
    // Stored under its contact's id as soon as that is known, while the contact's enrolments in
    // the journeys the event may reach are looked up; what it adds to the contact (its counts,
    // an identify's traits) is then written with the contact.
    const record = async (contactId: string) => {
      const newest = new NewestEnrollments(this.enrollments, workspaceId, contactId);
      const [stored] = await Promise.all([
        this.store(workspaceId, { ...incoming, messageId, timestamp, receivedAt, contactId, ...(nothingToDo ? { processedAt: receivedAt } : {}) }),
        newest.prefetch(sent.journeyIds),
      ]);
      // Counted once, by the request that stored it (a crash before the contact's write misses one count).
      const counts = stored.duplicate ? undefined : activityUpdate([countedOf(stored.event)]);
      const profile = profileUpdate(incoming.profile);
      return { value: { ...stored, newest, counts }, update: counts && profile ? mergeUpdates<ContactUpdate>(counts, profile) : (counts ?? profile) };
    };
    const { contact, value } = incoming.contactId
      ? await this.recordForKnown(workspaceId, incoming.contactId, record)
      : await this.directory.resolveWith(workspaceId, identitiesOf(incoming), timestamp, record);
    const { event, duplicate, newest, counts } = value;
    const contactId = String(contact._id);
    newest.mergedIds = contact.mergedFrom ?? [];

    if (!duplicate) {
      // The contact as written, order totals included: its RFM scores are rescored without reading it again.
      if (counts && 'computed.ordersCount' in counts.$inc) await rescoreRead(this.contacts, [contact]);
      const counted = changedBy(counts);
      const grouped = incoming.group ? await this.groups.grouped(workspaceId, contactId, incoming.group, event.timestamp) : await this.groups.record(workspaceId, contactId, countedOf(event));
      await this.changes.changed({ workspaceId, contactIds: [contactId], paths: [...counted, ...profilePaths(incoming.profile), ...grouped] });
    }
    const eventId = String(event._id);
    let routed: { enrolled: EnrollmentOutcome[]; signalled: string[] } = { enrolled: [], signalled: [] };
    if (!event.processedAt) {
      // A retry is routed as first stored: its time and properties may differ from this request's.
      const stored = duplicate ? targets(routes, { name: event.name, at: event.timestamp.getTime(), properties: event.properties ?? {} }) : sent;
      routed = await this.route(workspaceId, stored, newest, eventId);
      await driverCollection(this.events).updateOne({ _id: event._id }, { $set: { processedAt: new Date() } });
    }
    return { eventId, messageId, contactId, duplicate, ...routed };
  }

  /**
   * An event about a contact Trellis itself names (a segment entry): the contact must exist; the
   * event is stored under it, then what the event adds is written.
   */
  private async recordForKnown<T>(workspaceId: string, contactId: string, record: (contactId: string) => Promise<{ value: T; update?: ContactUpdate }>) {
    const known = await findOwned(this.contacts, workspaceId, contactId);
    if (!known) throw problems.notFound(`Contact ${contactId}`);
    const { value, update } = await record(contactId);
    const contact = update ? await this.contacts.findOneAndUpdate({ _id: contactId, workspaceId }, update, { new: true }).lean() : known;
    return { contact: (contact ?? known) as ContactDoc, value };
  }

  /** The stored event: new, or the one a retry of the same messageId stored before. */
  private async store(workspaceId: string, input: IncomingEvent & { messageId: string; timestamp: Date; receivedAt: Date; contactId: string; processedAt?: Date }) {
    const { messageId } = input;
    try {
      const event: TrackedEvent & { _id: Types.ObjectId } = {
        _id: new Types.ObjectId(),
        workspaceId,
        messageId,
        name: input.name,
        ...(input.userId ? { userId: input.userId } : {}),
        ...(input.anonymousId ? { anonymousId: input.anonymousId } : {}),
        contactId: input.contactId,
        properties: input.properties,
        timestamp: input.timestamp,
        ...(input.clientTimestamp ? { clientTimestamp: input.clientTimestamp } : {}),
        receivedAt: input.receivedAt,
        ...(input.context ? { context: input.context } : {}),
        ...(input.processedAt ? { processedAt: input.processedAt } : {}),
      };
      await driverCollection(this.events).insertOne(event);
      return { event, duplicate: false };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const event = await this.events.findOne({ workspaceId, messageId }).lean();
      if (!event) throw error;
      if (event.name !== input.name || (event.userId ?? undefined) !== input.userId || (event.anonymousId ?? undefined) !== input.anonymousId) {
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
      const listeners = await Promise.all(listening.map(async (route) => [await newest.in(route.journeyId), ...(await newest.ofMerged(route.journeyId))]));
      const signalled = await this.enrollments.signalRunning(listeners.flat(), { id: eventId, name: event.name });
      // Read once for every journey whose audience rule needs it, and only if one does.
      let snapshot: Promise<ContactSnapshot | undefined> | undefined;
      const contact = () => (snapshot ??= loadContactSnapshot({ contacts: this.contacts, events: this.events }, workspaceId, contactId));
      const enrolled = await Promise.all(
        triggered.map(async ({ route, source }) => {
          // A contact merged into this one may be running the journey: the person is in it already.
          const elsewhere = (await newest.ofMerged(route.journeyId)).find((enrollment) => enrollment?.status === 'running');
          if (elsewhere) return { journeyId: route.journeyId, workflowId: elsewhere._id, started: false, refused: 'alreadyEnrolled' as const };
          return this.enrollments.enroll(
            { workspaceId, journeyId: route.journeyId, contactId, version: route.version, planHash: route.hash },
            { triggerEventId: eventId, ...(source === undefined ? {} : { source }) },
            route.current,
            route.settings,
            contact,
            await newest.in(route.journeyId),
          );
        }),
      );
      return { enrolled, signalled };
    } catch (error) {
      this.logger.warn(`event ${eventId} is stored but not yet acted on: ${(error as Error).message}${(error as Error).cause ? ` (${String((error as Error).cause)})` : ""}`);
      throw problems.unavailable('The event is stored, but journeys could not be started right now. Send it again with the same messageId.');
    }
  }
}

/** What the event adds to the activity counters, as counted. */
function countedOf(event: Pick<TrackedEvent, 'name' | 'timestamp' | 'properties'>): CountedEvent {
  return { name: event.name, at: event.timestamp, properties: (event.properties ?? {}) as Record<string, unknown> };
}

/** An identify call's traits (and the device's zone), as an update of its contact. */
function profileUpdate(profile: IncomingEvent['profile']): ContactUpdate | undefined {
  if (!profile) return undefined;
  const $set: Record<string, unknown> = Object.fromEntries(Object.entries(profile.traits).map(([key, value]) => [`traits.${key}`, value]));
  if (profile.timezone) $set.timezone = profile.timezone;
  return Object.keys($set).length ? { $set } : undefined;
}

/** The contact fields an identify call writes. */
function profilePaths(profile: IncomingEvent['profile']): string[] {
  if (!profile) return [];
  return [...Object.keys(profile.traits).map((key) => `traits.${key}`), ...(profile.timezone ? ['timezone'] : [])];
}

/** Every id the event names its person by: its user id, its anonymous id, then any others it carries. */
export function identitiesOf(event: IncomingEvent): Identity[] {
  return [
    ...(event.userId ? [{ kind: 'user' as const, value: event.userId }] : []),
    ...(event.anonymousId ? [{ kind: 'anonymous' as const, value: event.anonymousId }] : []),
    ...(event.identities ?? []),
  ];
}

/** An event as every ingest route hands it over: our own track call, or a Segment call. */
export interface IncomingEvent {
  name: string;
  messageId?: string;
  userId?: string;
  anonymousId?: string;
  /** Further ids of the person the call carries (an identify's email and phone). */
  identities?: Identity[];
  properties: Record<string, unknown>;
  /** When it happened, corrected for the sender's clock skew; defaults to when it was received. */
  timestamp?: Date;
  /** When it reached us: the reading the skew correction used, so the two agree. */
  receivedAt?: Date;
  clientTimestamp?: Date;
  context?: Record<string, unknown>;
  /** The contact, when Trellis itself records the event (a segment entry) and knows who it is about. */
  contactId?: string;
  /** An identify call: traits to set on the contact, and the device's IANA zone. */
  profile?: { traits: Record<string, unknown>; timezone?: string };
  /** A group call: the customer group the person is in, with the group's traits. */
  group?: { groupId: string; traits: Record<string, unknown> };
}

interface RouteTargets {
  event: EventSnapshot;
  /** Live journeys whose running enrolments (of any version) react to the event. */
  listening: JourneyRoute[];
  /** Active journeys whose trigger takes it, with the source the trigger read. */
  triggered: { route: JourneyRoute; source?: string }[];
  journeyIds: string[];
}

/** Whether any live journey listens to or starts on the event (else storing it is all there is to do). */
export function wantedByJourneys(routes: readonly JourneyRoute[], event: IncomingEvent): boolean {
  const { listening, triggered } = targets(routes, { name: event.name, at: (event.timestamp ?? new Date()).getTime(), properties: event.properties });
  return listening.length > 0 || triggered.length > 0;
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

/**
 * The contact's newest enrolment in each journey, each looked up once per event; and those of the
 * contacts merged into it, whose enrolments are this person's too.
 */
class NewestEnrollments {
  private readonly found = new Map<string, Promise<NewestEnrollment | undefined>>();

  constructor(
    private readonly enrollments: EnrollmentsService,
    private readonly workspaceId: string,
    readonly contactId: string,
  ) {}

  /** The contacts merged into this one, once the contact is read (their enrolments are the person's too). */
  mergedIds: readonly string[] = [];

  in(journeyId: string, contactId = this.contactId): Promise<NewestEnrollment | undefined> {
    const key = `${contactId}/${journeyId}`;
    let found = this.found.get(key);
    if (!found) this.found.set(key, (found = this.enrollments.newest({ workspaceId: this.workspaceId, journeyId, contactId })));
    return found;
  }

  async ofMerged(journeyId: string): Promise<NewestEnrollment[]> {
    const found = await Promise.all(this.mergedIds.map((contactId) => this.in(journeyId, contactId)));
    return found.filter((enrollment): enrollment is NewestEnrollment => enrollment !== undefined);
  }

  async prefetch(journeyIds: readonly string[]): Promise<void> {
    await Promise.all(journeyIds.map((journeyId) => this.in(journeyId)));
  }
}
