import { Body, Controller, HttpCode, Logger, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires, WorkspaceId } from '../access/decorators';
import { ApiZodBody } from '../common/openapi';
import { problemOf } from '../common/problem.filter';
import { zodIssuesToProblemErrors, ZodPipe } from '../common/zod-body';
import { JourneyRoute, JourneysService } from '../journeys/journeys.service';
import { BulkIngest, SimpleCall } from './bulk-ingest';
import { EventsService, identitiesOf, IncomingEvent, wantedByJourneys } from './events.service';
import { fromIdentify, fromTrack } from './segment-calls';
import { maxCallBytes, SegmentBatch, segmentBatch, SegmentIdentify, segmentIdentify, SegmentTrack, segmentTrack } from './segment.dto';

/** A track by exactly one id, that changes nothing on the contact but its last-event time. */
function isPlainTrack(event: IncomingEvent): boolean {
  return !event.profile && !event.identities?.length && (event.userId === undefined) !== (event.anonymousId === undefined);
}

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

  @Post('batch')
  @HttpCode(200)
  @Requires('events:write')
  @ApiOperation({ summary: 'Segment batch: track and identify calls, each stored and routed on its own; the answer has a result per call, in order' })
  @ApiZodBody(segmentBatch)
  async batch(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(segmentBatch)) body: SegmentBatch) {
    const receivedAt = new Date();
    const results: CallResult[] = new Array(body.batch.length);
    const calls: { index: number; person: string; event: IncomingEvent }[] = [];
    body.batch.forEach((raw, index) => {
      const parsed = this.parse(raw, body, receivedAt);
      if ('event' in parsed) calls.push({ index, person: parsed.person, event: parsed.event });
      else results[index] = { index, ...parsed };
    });
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

  private parse(raw: unknown, body: SegmentBatch, receivedAt: Date): { person: string; event: IncomingEvent } | { status: number; title: string; detail: string; errors?: unknown[] } {
    if (JSON.stringify(raw).length > maxCallBytes) return { status: 413, title: 'Payload Too Large', detail: `A call may be at most ${maxCallBytes / 1024} KB of JSON.` };
    const type = (raw as { type?: unknown } | null)?.type;
    if (type !== 'track' && type !== 'identify') {
      return { status: 400, title: 'Bad Request', detail: `A batch takes "track" and "identify" calls, not ${JSON.stringify(type ?? null)}.` };
    }
    // The batch's context and sentAt stand for every call that has none of its own.
    const withDefaults = { ...(body.context ? { context: body.context } : {}), ...(body.sentAt ? { sentAt: body.sentAt } : {}), ...(raw as object) };
    const parsed = (type === 'track' ? segmentTrack : segmentIdentify).safeParse(withDefaults);
    if (!parsed.success) return { status: 400, title: 'Bad Request', detail: 'The call is invalid; see errors.', errors: zodIssuesToProblemErrors(parsed.error, '') };
    const call = parsed.data;
    const event = type === 'track' ? fromTrack(call as SegmentTrack, receivedAt) : fromIdentify(call as SegmentIdentify, receivedAt);
    return { person: call.userId ?? `anonymous:${call.anonymousId}`, event };
  }

  private async storeInBulk(workspaceId: string, calls: SimpleCall[], results: CallResult[]): Promise<void> {
    if (!calls.length) return;
    try {
      for (const { index, ...stored } of await this.bulk.store(workspaceId, calls)) results[index] = { index, status: 200, ...stored };
    } catch (error) {
      for (const { index } of calls) results[index] = this.failure(index, error);
    }
  }

  private async ingestOne(workspaceId: string, index: number, event: IncomingEvent, routes: Promise<JourneyRoute[]>): Promise<CallResult> {
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
