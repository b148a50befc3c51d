import { eachInLanes } from '../common/each-in-lanes';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Context } from '@temporalio/activity';
import { Rule, segmentEnteredEvent, segmentLeftEvent } from '@trellis/journey';
import {
  audienceIds,
  Contact,
  contactsDueForRescore,
  markAnnounced,
  pendingAnnouncements,
  PendingAnnouncement,
  reconcileMembers,
  rescoreRfm,
  Segment,
  segmentId,
  SegmentMembership,
  SegmentSweepInput,
  SweepResult,
  touches,
  TrackedEvent,
} from '@trellis/runtime';
import { Model } from 'mongoose';
import { ProblemException } from '../common/problem';
import { ContactChange, ContactChanges } from '../contacts/contact-changes';
import { EventsService } from '../events/events.service';
import { ApiActivityWorker } from '../temporal/activity-worker';

/** Segments as upkeep needs them: key, rule and the fields it reads. */
interface LiveSegment {
  key: string;
  rule: Rule;
  reads: string[];
}

/** How long a workspace's segment list is reused between contact changes (this process's own edits clear it at once). */
const segmentListTtlMs = 2_000;
/** Entry and exit events sent at once: each may enrol, which is a round trip to Temporal. */
const announcementsInFlight = 8;

/**
 * Keeps segment memberships current and tells journeys: a changed contact is re-evaluated in the
 * segments whose rules read what changed, and each segment's sweep (a Temporal Schedule)
 * re-evaluates everyone. Entries and exits are recorded as `$segment.entered`/`$segment.left`
 * events, numbered per entry, so a resend is a duplicate and a journey starts once per entry.
 */
@Injectable()
export class SegmentUpkeep implements OnModuleInit {
  private readonly models: { contacts: Model<Contact>; events: Model<TrackedEvent> };
  private readonly listed = new Map<string, { at: number; segments: Promise<LiveSegment[]> }>();

  constructor(
    @InjectModel('Segment') private readonly segments: Model<Segment>,
    @InjectModel('SegmentMembership') private readonly memberships: Model<SegmentMembership>,
    @InjectModel('Contact') contacts: Model<Contact>,
    @InjectModel('TrackedEvent') events: Model<TrackedEvent>,
    private readonly ingest: EventsService,
    private readonly changes: ContactChanges,
    private readonly worker: ApiActivityWorker,
  ) {
    this.models = { contacts, events };
  }

  onModuleInit(): void {
    this.changes.subscribe((change) => this.contactsChanged(change));
    this.worker.register({
      sweepSegment: (input: SegmentSweepInput) => this.sweep(input.workspaceId, input.segment, () => Context.current().heartbeat()),
    });
  }

  /** The workspace's segment list changed here: read it afresh next time. */
  forget(workspaceId: string): void {
    this.listed.delete(workspaceId);
  }

  /** Re-evaluates the changed contacts in the segments whose rules read a changed field. */
  async contactsChanged({ workspaceId, contactIds, paths }: ContactChange): Promise<void> {
    const affected = (await this.segmentsOf(workspaceId)).filter((segment) => segment.reads.some((read) => paths.some((path) => touches(read, path))));
    for (const segment of affected) {
      const now = new Date();
      const matching = await audienceIds(this.models, workspaceId, segment.rule, now.getTime(), contactIds);
      await reconcileMembers(this.memberships, workspaceId, segment.key, matching, contactIds, now);
      await this.announce(workspaceId, segment.key, await pendingAnnouncements(this.memberships, workspaceId, segment.key, contactIds));
    }
  }

  /**
   * One pass over every contact: who matches now enters, who stopped matching leaves, and every
   * entry or exit not yet announced (a pass that crashed part-way) is announced. Idempotent.
   */
  async sweep(workspaceId: string, key: string, progress: () => void = () => undefined): Promise<SweepResult> {
    const segment = await this.segments.findById(segmentId(workspaceId, key)).lean();
    // Deleted since the schedule fired: its schedule goes with it.
    if (!segment) return { entered: 0, left: 0, announced: 0 };
    const now = new Date();
    if (segment.reads.some((read) => touches(read, 'computed.rfm'))) await rescoreRfm(this.models.contacts, workspaceId, await contactsDueForRescore(this.models.contacts, workspaceId, now), now.getTime());
    const matching = await audienceIds(this.models, workspaceId, segment.rule as Rule, now.getTime());
    progress();
    const { entered, left } = await reconcileMembers(this.memberships, workspaceId, key, matching, undefined, now);
    progress();
    const announced = await this.announce(workspaceId, key, await pendingAnnouncements(this.memberships, workspaceId, key), progress);
    const result = { entered: entered.length, left: left.length, announced };
    await this.segments.updateOne({ _id: segment._id }, { $set: { lastSweep: { at: now, matched: matching.length, ...result } } });
    return result;
  }

  /** Sends each pending entry or exit as an event of the contact's, then clears it. */
  private async announce(workspaceId: string, key: string, pending: readonly PendingAnnouncement[], progress: () => void = () => undefined): Promise<number> {
    await eachInLanes(pending, announcementsInFlight, async (announcement) => {
      try {
        await this.ingest.ingest(workspaceId, {
          name: announcement.pending === 'entered' ? segmentEnteredEvent : segmentLeftEvent,
          messageId: `$segment:${key}:${announcement.contactId}:${announcement.entries}:${announcement.pending}`,
          contactId: announcement.contactId,
          properties: { segment: key },
        });
      } catch (error) {
        // A contact deleted meanwhile has nobody left to tell; anything else is tried again.
        if (!(error instanceof ProblemException && error.status === 404)) throw error;
      }
      await markAnnounced(this.memberships, announcement);
      progress();
    });
    return pending.length;
  }

  private segmentsOf(workspaceId: string): Promise<LiveSegment[]> {
    const cached = this.listed.get(workspaceId);
    if (cached && Date.now() - cached.at < segmentListTtlMs) return cached.segments;
    const segments = this.segments
      .find({ workspaceId }, { key: 1, rule: 1, reads: 1 })
      .lean()
      .then((docs) => docs.map((doc) => ({ key: doc.key, rule: doc.rule as Rule, reads: doc.reads })));
    this.listed.set(workspaceId, { at: Date.now(), segments });
    segments.catch(() => this.listed.delete(workspaceId));
    return segments;
  }
}
