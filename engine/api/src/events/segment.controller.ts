import { Body, Controller, HttpCode, Logger, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires, WorkspaceId } from '../access/decorators';
import { ApiZodBody } from '../common/openapi';
import { problemOf } from '../common/problem.filter';
import { zodIssuesToProblemErrors, ZodPipe } from '../common/zod-body';
import { JourneyRoute, JourneysService } from '../journeys/journeys.service';
import { BulkIngest, SimpleCall } from './bulk-ingest';
import { EventsService, identitiesOf, IncomingEvent, wantedByJourneys } from './events.service';
import { ContactDirectory } from '../contacts/contact-directory';
import { isGroupEvent } from '../groups/group-activity';
import { fromAlias, fromGroup, fromIdentify, fromTrack, fromView } from './segment-calls';
import {
  maxCallBytes,
  SegmentAlias,
  segmentAlias,
  SegmentBatch,
  segmentBatch,
  SegmentGroup,
  segmentGroup,
  SegmentIdentify,
  segmentIdentify,
  segmentPage,
  segmentScreen,
  SegmentTrack,
  segmentTrack,
  SegmentView,
} from './segment.dto';

/** A track by exactly one id, that changes nothing on the contact but its last-event time and counters. */
function isPlainTrack(event: IncomingEvent): boolean {
  return !event.profile && !event.group && !event.identities?.length && (event.userId === undefined) !== (event.anonymousId === undefined) && !isGroupEvent(event.name, event.properties);
}

/** Each call type a batch takes: its schema, and how it becomes an event (an alias looks its previous id up first). */
const callTypes = {
  track: { schema: segmentTrack, convert: (call: SegmentTrack, at: Date) => fromTrack(call, at) },
  identify: { schema: segmentIdentify, convert: (call: SegmentIdentify, at: Date) => fromIdentify(call, at) },
  page: { schema: segmentPage, convert: (call: SegmentView, at: Date) => fromView('page', call, at) },
  screen: { schema: segmentScreen, convert: (call: SegmentView, at: Date) => fromView('screen', call, at) },
  group: { schema: segmentGroup, convert: (call: SegmentGroup, at: Date) => fromGroup(call, at) },
  alias: { schema: segmentAlias, convert: undefined },
} as const;
type CallType = keyof typeof callTypes;

/** Calls of one batch processed at once; one person's calls always in the order sent. */
const batchLanes = 16;

type CallResult =
  | { index: number; status: 200; messageId: string; eventId: string; contactId: string; duplicate: boolean }
  | { index: number; status: number; title: string; detail?: string; errors?: unknown[] };

/**
 * Segment's HTTP Tracking API, so its libraries (write key as the Basic user name, or a bearer
 * key) can send here unchanged: `track`, `identify`, and `batch` with a result for every call.
 */
@ApiTags('events')
@Controller('v1')
export class SegmentController {
  private readonly logger = new Logger(SegmentController.name);

  constructor(
    private readonly events: EventsService,
    private readonly routes: JourneysService,
    private readonly bulk: BulkIngest,
    private readonly directory: ContactDirectory,
  ) {}

  @Post('track')
  @HttpCode(200)
  @Requires('events:write')
  @ApiOperation({ summary: 'Segment track: an event of a person (userId and/or anonymousId), stored once per messageId, then routed to journeys' })
  @ApiZodBody(segmentTrack)
  async track(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(segmentTrack)) call: SegmentTrack) {
    return { success: true, ...(await this.events.ingest(workspaceId, fromTrack(call))) };
  }

  @Post('identify')
  @HttpCode(200)
  @Requires('events:write')
  @ApiOperation({ summary: 'Segment identify: sets traits on the person, links their ids (user, anonymous, email, phone) and merges an anonymous profile into the known one' })
  @ApiZodBody(segmentIdentify)
  async identify(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(segmentIdentify)) call: SegmentIdentify) {
    return { success: true, ...(await this.events.ingest(workspaceId, fromIdentify(call))) };
  }

  @Post('page')
  @HttpCode(200)
  @Requires('events:write')
  @ApiOperation({ summary: 'Segment page: a web page view, stored and routed as a "Page Viewed" event with the page’s name and category among its properties' })
  @ApiZodBody(segmentPage)
  async page(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(segmentPage)) call: SegmentView) {
    return { success: true, ...(await this.events.ingest(workspaceId, fromView('page', call))) };
  }

  @Post('screen')
  @HttpCode(200)
  @Requires('events:write')
  @ApiOperation({ summary: 'Segment screen: an app screen view, stored and routed as a "Screen Viewed" event' })
  @ApiZodBody(segmentScreen)
  async screen(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(segmentScreen)) call: SegmentView) {
    return { success: true, ...(await this.events.ingest(workspaceId, fromView('screen', call))) };
  }

  @Post('alias')
  @HttpCode(200)
  @Requires('events:write')
  @ApiOperation({ summary: 'Segment alias: previousId becomes one more id of the person known as userId, merging the anonymous profile it named (two known people are never merged)' })
  @ApiZodBody(segmentAlias)
  async alias(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(segmentAlias)) call: SegmentAlias) {
    return { success: true, ...(await this.events.ingest(workspaceId, await this.fromAliasCall(workspaceId, call))) };
  }

  @Post('group')
  @HttpCode(200)
  @Requires('events:write')
  @ApiOperation({ summary: 'Segment group: puts the person in the customer group groupId (made on first sight), keeping the group’s name, owner and capacity from its traits' })
  @ApiZodBody(segmentGroup)
  async group(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(segmentGroup)) call: SegmentGroup) {
    return { success: true, ...(await this.events.ingest(workspaceId, fromGroup(call))) };
  }

  @Post('batch')
  @HttpCode(200)
  @Requires('events:write')
  @ApiOperation({ summary: 'Segment batch: track, identify, page, screen, alias and group calls, each stored and routed on its own; the answer has a result per call, in order' })
  @ApiZodBody(segmentBatch)
  async batch(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(segmentBatch)) body: SegmentBatch) {
    const receivedAt = new Date();
    const results: CallResult[] = new Array(body.batch.length);
    const calls: { index: number; person: string; event: IncomingEvent }[] = [];
    for (const [index, raw] of body.batch.entries()) {
      const parsed = await this.parse(workspaceId, raw, body, receivedAt);
      if ('event' in parsed) calls.push({ index, person: parsed.person, event: parsed.event });
      else results[index] = { index, ...parsed };
    }
    // Where events may go is read once for the whole batch (each call answers a failure to read it on its own).
    const routes = calls.length ? this.routes.routes(workspaceId) : Promise.resolve([]);
    // One lane per person, so an identify is applied before the track sent after it.
    const lanes = new Map<string, typeof calls>();
    for (const call of calls) lanes.set(call.person, [...(lanes.get(call.person) ?? []), call]);
    // People whose calls are all plain tracks no journey wants are stored in bulk; the rest call by call.
    const known = await routes.catch(() => undefined);
    const simple: SimpleCall[] = [];
    const queue: (typeof calls)[] = [];
    for (const lane of lanes.values()) {
      const plain = known && lane.every(({ event }) => isPlainTrack(event) && !wantedByJourneys(known, event));
      if (plain) simple.push(...lane.map(({ index, event }) => ({ index, event, identity: identitiesOf(event)[0]! })));
      else queue.push(lane);
    }
    await Promise.all([
      this.storeInBulk(workspaceId, simple, results),
      ...Array.from({ length: Math.min(batchLanes, queue.length) }, async () => {
        for (let lane = queue.shift(); lane; lane = queue.shift()) {
          for (const { index, event } of lane) results[index] = await this.ingestOne(workspaceId, index, event, routes);
        }
      }),
    ]);
    return { success: results.every((result) => result.status === 200), accepted: results.filter((result) => result.status === 200).length, results };
  }

  private async parse(
    workspaceId: string,
    raw: unknown,
    body: SegmentBatch,
    receivedAt: Date,
  ): Promise<{ person: string; event: IncomingEvent } | { status: number; title: string; detail: string; errors?: unknown[] }> {
    if (JSON.stringify(raw).length > maxCallBytes) return { status: 413, title: 'Payload Too Large', detail: `A call may be at most ${maxCallBytes / 1024} KB of JSON.` };
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !Object.hasOwn(callTypes, type)) {
      return { status: 400, title: 'Bad Request', detail: `A batch takes ${Object.keys(callTypes).map((name) => `"${name}"`).join(', ')} calls, not ${JSON.stringify(type ?? null)}.` };
    }
    // The batch's context and sentAt stand for every call that has none of its own.
    const withDefaults = { ...(body.context ? { context: body.context } : {}), ...(body.sentAt ? { sentAt: body.sentAt } : {}), ...(raw as object) };
    const kind = callTypes[type as CallType];
    const parsed = kind.schema.safeParse(withDefaults);
    if (!parsed.success) return { status: 400, title: 'Bad Request', detail: 'The call is invalid; see errors.', errors: zodIssuesToProblemErrors(parsed.error, '') };
    const call = parsed.data as { userId?: string; anonymousId?: string };
    const event = kind.convert ? (kind.convert as (call: unknown, at: Date) => IncomingEvent)(call, receivedAt) : await this.fromAliasCall(workspaceId, call as SegmentAlias, receivedAt);
    return { person: call.userId ?? `anonymous:${call.anonymousId}`, event };
  }

  /** An alias, its previous id read as a user id when a person is known by it, else as an anonymous one. */
  private async fromAliasCall(workspaceId: string, call: SegmentAlias, receivedAt = new Date()): Promise<IncomingEvent> {
    return fromAlias(call, Boolean(await this.directory.find(workspaceId, call.previousId)), receivedAt);
  }

  private async storeInBulk(workspaceId: string, calls: SimpleCall[], results: CallResult[]): Promise<void> {
    if (!calls.length) return;
    try {
      for (const { index, ...stored } of await this.bulk.store(workspaceId, calls)) results[index] = { index, status: 200, ...stored };
    } catch (error) {
      for (const { index } of calls) results[index] = this.failure(index, error);
    }
  }

  private async ingestOne(workspaceId: string, index: number, event: IncomingEvent, routes: Promise<readonly JourneyRoute[]>): Promise<CallResult> {
    try {
      const { messageId, eventId, contactId, duplicate } = await this.events.ingest(workspaceId, event, routes);
      return { index, status: 200, messageId, eventId, contactId, duplicate };
    } catch (error) {
      return this.failure(index, error);
    }
  }

  /** A call's failure, answered as the same failure of a request on its own would be. */
  private failure(index: number, error: unknown): CallResult {
    const { status, title, detail } = problemOf(error);
    if (status === 500) this.logger.error(`batch call ${index}`, error instanceof Error ? error.stack : error);
    return { index, status, title, ...(detail ? { detail } : {}) };
  }
}
