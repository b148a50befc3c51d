import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Context } from '@temporalio/activity';
import { contactFireTime, Rule, TriggerScheduleConfig } from '@trellis/journey';
import {
  audienceFilter,
  BroadcastActivities,
  BroadcastBatchResult,
  broadcastId as broadcastIdOf,
  BroadcastPlan,
  Contact,
  isDuplicateKeyError,
  loadContactSnapshot,
  Segment,
  segmentId,
  TrackedEvent,
} from '@trellis/runtime';
import { Model } from 'mongoose';
import { eachInLanes } from '../common/each-in-lanes';
import { EnrollmentsService } from '../events/enrollments.service';
import { JourneyRoute, JourneysService } from '../journeys/journeys.service';
import { ApiActivityWorker } from '../temporal/activity-worker';
import { Broadcast, BroadcastRecipients, recipientsChunkId } from './broadcast.schema';

/** Recipients per stored chunk, and so per enrolling activity. */
const chunkSize = 200;
/** Enrolments started at once within a chunk. */
const enrolmentLanes = 16;

/** The cause every enrolment of a firing records: a retried chunk finds the enrolments it started. */
const causeOf = (broadcastId: string) => `$broadcast:${broadcastId}`;

/** A firing's work, as the API's activities: its audience frozen in chunks, each chunk enrolled. */
@Injectable()
export class BroadcastRunner implements OnModuleInit {
  constructor(
    @InjectModel('Broadcast') private readonly broadcasts: Model<Broadcast>,
    @InjectModel('BroadcastRecipients') private readonly recipients: Model<BroadcastRecipients>,
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
    @InjectModel('TrackedEvent') private readonly events: Model<TrackedEvent>,
    @InjectModel('Segment') private readonly segments: Model<Segment>,
    private readonly journeys: JourneysService,
    private readonly enrollments: EnrollmentsService,
    private readonly worker: ApiActivityWorker,
  ) {}

  onModuleInit(): void {
    const activities: BroadcastActivities = {
      planBroadcast: (input) => this.plan(input.workspaceId, input.journeyId, input.firingAt),
      enrolBroadcastChunk: (input) => {
        const context = Context.current();
        return this.enrolChunk(input.workspaceId, input.journeyId, input.broadcastId, input.waveAt, input.chunk, input.totals, { beat: () => context.heartbeat(), signal: context.cancellationSignal });
      },
      finishBroadcast: async (input) => {
        await this.broadcasts.updateOne(
          { _id: input.broadcastId },
          { $set: { status: input.stopped ? 'stopped' : 'completed', ...input.totals, finishedAt: new Date(), ...(input.stopped ? { stoppedReason: input.stopped } : {}) } },
        );
      },
    };
    this.worker.register({ ...activities });
  }

  /**
   * Freezes the firing's audience: the segment's rule read as of the firing (everyone without
   * one), grouped into waves by when the firing reaches each contact's zone, stored in chunks.
   * Undefined when the journey no longer broadcasts. A retry finds the plan it stored.
   */
  async plan(workspaceId: string, journeyId: string, firingAt: number): Promise<BroadcastPlan | undefined> {
    const broadcastId = broadcastIdOf(journeyId, firingAt);
    const stored = await this.broadcasts.findById(broadcastId).lean();
    if (stored) return planOf(stored);
    const route = await this.broadcasting(workspaceId, journeyId);
    if (typeof route === 'string') return undefined;
    const { schedule, segment } = route.trigger!.config as TriggerScheduleConfig;
    let rule: Rule | undefined;
    if (segment) {
      const found = await this.segments.findById(segmentId(workspaceId, segment), { rule: 1 }).lean();
      if (!found) {
        await this.record({ _id: broadcastId, workspaceId, journeyId, version: route.version, firingAt: new Date(firingAt), segment, status: 'stopped', stoppedReason: `segment "${segment}" does not exist`, waves: [], recipients: 0 });
        return undefined;
      }
      rule = found.rule as Rule;
    }
    const filter = rule ? await audienceFilter({ contacts: this.contacts, events: this.events }, workspaceId, rule, firingAt) : { workspaceId, mergedInto: null };
    // Read as a stream and written a chunk at a time: memory holds one open chunk per wave, not the audience.
    const unzonedAs = schedule.kind === 'cron' ? schedule.timezone : 'UTC';
    const waves = new Map<number, { zones: Set<string>; open: string[]; chunks: number; recipients: number }>();
    const reachedAt = new Map<string, number>();
    const flush = async (at: number, wave: { open: string[]; chunks: number }) => {
      await this.recipients.collection.replaceOne({ _id: recipientsChunkId(broadcastId, at, wave.chunks++) as never }, { contactIds: wave.open }, { upsert: true });
      wave.open = [];
    };
    for await (const contact of this.contacts.collection.find(filter, { projection: { _id: 1, timezone: 1 } })) {
      const zone = typeof contact.timezone === 'string' ? contact.timezone : unzonedAs;
      let at = reachedAt.get(zone);
      if (at === undefined) reachedAt.set(zone, (at = contactFireTime(schedule, firingAt, zone)));
      let wave = waves.get(at);
      if (!wave) waves.set(at, (wave = { zones: new Set(), open: [], chunks: 0, recipients: 0 }));
      wave.zones.add(zone);
      wave.open.push(String(contact._id));
      wave.recipients++;
      if (wave.open.length === chunkSize) await flush(at, wave);
    }
    for (const [at, wave] of waves) if (wave.open.length) await flush(at, wave);
    const perContactTime = schedule.kind === 'cron' && schedule.inContactTimeZone;
    // Stored last: its presence says the chunks are complete.
    return planOf(
      await this.record({
        _id: broadcastId,
        workspaceId,
        journeyId,
        version: route.version,
        firingAt: new Date(firingAt),
        ...(segment ? { segment } : {}),
        status: 'running',
        waves: [...waves]
          .sort(([a], [b]) => a - b)
          .map(([at, wave]) => ({ at: new Date(at), ...(perContactTime ? { zones: [...wave.zones].sort() } : {}), recipients: wave.recipients })),
        recipients: [...waves.values()].reduce((sum, wave) => sum + wave.recipients, 0),
      }),
    );
  }

  /**
   * Enrols a chunk's recipients. Each enrolment records the firing as its cause, so a chunk run
   * again (a retry, a crash) finds the ones it started and starts nothing twice; a recipient
   * counts as enrolled when the firing enrolled them, whichever run did.
   */
  async enrolChunk(
    workspaceId: string,
    journeyId: string,
    broadcastId: string,
    waveAt: number,
    chunk: number,
    totals: { enrolled: number; skipped: number },
    control: { beat: () => void; signal: AbortSignal },
  ): Promise<BroadcastBatchResult> {
    const route = await this.broadcasting(workspaceId, journeyId);
    if (typeof route === 'string') return { enrolled: 0, skipped: 0, stopped: route };
    const recipients = await this.recipients.findById(recipientsChunkId(broadcastId, waveAt, chunk)).lean();
    const cause = causeOf(broadcastId);
    let enrolled = 0;
    await eachInLanes(recipients?.contactIds ?? [], enrolmentLanes, async (contactId) => {
      // This process is stopping: the chunk runs again elsewhere, finding what this run started.
      if (control.signal.aborted) throw new Error('stopped: this process is shutting down, and the chunk runs again on another');
      const ref = { workspaceId, journeyId, contactId };
      const last = await this.enrollments.newest(ref);
      const outcome = await this.enrollments.enroll(
        { ...ref, version: route.version, planHash: route.hash },
        { triggerEventId: cause },
        route.current,
        route.settings,
        () => loadContactSnapshot({ contacts: this.contacts, events: this.events }, workspaceId, contactId),
        last,
      );
      if (outcome.started || last?.triggerEventId === cause) enrolled++;
      control.beat();
    });
    const result = { enrolled, skipped: (recipients?.contactIds.length ?? 0) - enrolled };
    await this.broadcasts.updateOne({ _id: broadcastId }, { $set: { enrolled: totals.enrolled + result.enrolled, skipped: totals.skipped + result.skipped } });
    return result;
  }

  /** The journey's route while it broadcasts, or why it no longer does. */
  private async broadcasting(workspaceId: string, journeyId: string): Promise<JourneyRoute | string> {
    const route = await this.journeys.route(workspaceId, journeyId);
    if (!route) return 'the journey was archived';
    if (route.status !== 'active') return `the journey is ${route.status}`;
    if (route.trigger?.type !== 'trigger.schedule') return 'the journey no longer starts on a schedule';
    return route;
  }

  private async record(broadcast: NewBroadcast): Promise<Broadcast & { _id: string }> {
    try {
      return (await this.broadcasts.create(broadcast)).toObject() as Broadcast & { _id: string };
    } catch (error) {
      // A retry of this plan stored it first.
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.broadcasts.findById(broadcast._id).lean()) as Broadcast & { _id: string };
    }
  }
}

type NewBroadcast = Omit<Broadcast, 'waves' | 'enrolled' | 'skipped' | 'createdAt' | 'updatedAt'> & { _id: string; waves: { at: Date; zones?: string[]; recipients: number }[] };

function planOf(broadcast: Pick<Broadcast, 'waves' | 'status'> & { _id: string }): BroadcastPlan | undefined {
  if (broadcast.status === 'stopped' && !broadcast.waves.length) return undefined;
  return { broadcastId: broadcast._id, waves: broadcast.waves.map((wave) => ({ at: wave.at!.getTime(), chunks: Math.ceil((wave.recipients ?? 0) / chunkSize) })) };
}
