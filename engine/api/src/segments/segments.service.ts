import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Rule, TriggerScheduleConfig, TriggerSegmentConfig } from '@trellis/journey';
import { Contact, ContactDoc, countAudience, fieldsRead, isDuplicateKeyError, sampleAudience, Segment, segmentId, SegmentMembership, TrackedEvent } from '@trellis/runtime';
import { Model, trusted } from 'mongoose';
import { AuditLog } from '../access/audit-log.service';
import { Actor } from '../access/principal';
import { problems } from '../common/problem';
import { contactView } from '../contacts/contact-view';
import { withContacts } from '../contacts/with-contacts';
import { JourneysService } from '../journeys/journeys.service';
import { SegmentSchedules } from './segment-schedules';
import { SegmentUpkeep } from './segment-upkeep';
import { CreateSegmentBody, ListMembersQuery, PreviewSegmentBody, UpdateSegmentBody } from './segments.dto';

type SegmentDoc = Segment & { createdAt?: Date; updatedAt?: Date };

function segmentView(doc: SegmentDoc, members?: number) {
  const sweep = doc.lastSweep as { at: Date; matched: number; entered: number; left: number } | undefined;
  return {
    key: doc.key,
    name: doc.name,
    description: doc.description ?? null,
    rule: doc.rule as Rule,
    reads: doc.reads,
    sweepMinutes: doc.sweepMinutes,
    ...(members === undefined ? {} : { members }),
    lastSweep: sweep ? { at: sweep.at.toISOString(), matched: sweep.matched, entered: sweep.entered, left: sweep.left } : null,
    createdAt: doc.createdAt?.toISOString() ?? null,
    updatedAt: doc.updatedAt?.toISOString() ?? null,
  };
}

/** Segments as operators manage them: define, preview, change, list members, sweep now, delete. */
@Injectable()
export class SegmentsService {
  private readonly logger = new Logger(SegmentsService.name);
  private readonly audience: { contacts: Model<Contact>; events: Model<TrackedEvent> };

  constructor(
    @InjectModel('Segment') private readonly segments: Model<Segment>,
    @InjectModel('SegmentMembership') private readonly memberships: Model<SegmentMembership>,
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
    @InjectModel('TrackedEvent') events: Model<TrackedEvent>,
    private readonly schedules: SegmentSchedules,
    private readonly upkeep: SegmentUpkeep,
    private readonly journeys: JourneysService,
    private readonly audit: AuditLog,
  ) {
    this.audience = { contacts, events };
  }

  /** Stores the segment and starts its sweep schedule, whose first pass fills it. */
  async create(workspaceId: string, body: CreateSegmentBody, actor: Actor) {
    const _id = segmentId(workspaceId, body.key);
    try {
      await this.segments.create({ _id, workspaceId, key: body.key, name: body.name, description: body.description, rule: body.rule, reads: fieldsRead(body.rule), sweepMinutes: body.sweepMinutes });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict(`A segment "${body.key}" exists already; change it with PATCH /v1/segments/${body.key}.`);
      throw error;
    }
    try {
      await this.schedules.ensure(workspaceId, body.key, body.sweepMinutes);
    } catch (error) {
      await this.segments.deleteOne({ _id });
      this.logger.warn(`segment ${body.key} not created: its schedule could not be (${(error as Error).message})`);
      throw problems.unavailable('The segment could not be scheduled right now (Temporal is unreachable); nothing was saved. Try again.');
    }
    this.upkeep.forget(workspaceId);
    await this.audit.record(workspaceId, actor, 'segment.created', { type: 'segment', id: body.key });
    return segmentView((await this.find(workspaceId, body.key)) as SegmentDoc, 0);
  }

  async list(workspaceId: string) {
    const docs = await this.segments.find({ workspaceId }).sort({ key: 1 }).limit(1000).lean();
    return { segments: docs.map((doc) => segmentView(doc as SegmentDoc)) };
  }

  async get(workspaceId: string, key: string) {
    const doc = await this.find(workspaceId, key);
    return segmentView(doc, await this.memberships.countDocuments({ workspaceId, segment: key, inside: true }));
  }

  /** A changed rule is applied by a pass at once: who no longer matches leaves, who now does enters. */
  async update(workspaceId: string, key: string, body: UpdateSegmentBody, actor: Actor) {
    const before = await this.find(workspaceId, key);
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, ''> = {};
    if (body.name !== undefined) $set.name = body.name;
    if (body.description === null) $unset.description = '';
    else if (body.description !== undefined) $set.description = body.description;
    if (body.rule !== undefined) Object.assign($set, { rule: body.rule, reads: fieldsRead(body.rule) });
    if (body.sweepMinutes !== undefined) $set.sweepMinutes = body.sweepMinutes;
    try {
      if (body.sweepMinutes !== undefined && body.sweepMinutes !== before.sweepMinutes) await this.schedules.reschedule(workspaceId, key, body.sweepMinutes);
    } catch {
      throw problems.unavailable('The segment could not be rescheduled right now (Temporal is unreachable); nothing was changed. Try again.');
    }
    await this.segments.updateOne({ _id: before._id }, { ...(Object.keys($set).length ? { $set } : {}), ...(Object.keys($unset).length ? { $unset } : {}) });
    this.upkeep.forget(workspaceId);
    if (body.rule !== undefined) await this.sweepSoon(workspaceId, key);
    await this.audit.record(workspaceId, actor, 'segment.changed', { type: 'segment', id: key }, { fields: Object.keys(body) });
    return this.get(workspaceId, key);
  }

  /** Refused while a live journey enrols it; its memberships and schedule go with it. */
  async remove(workspaceId: string, key: string, actor: Actor) {
    const doc = await this.find(workspaceId, key);
    const users = (await this.journeys.routes(workspaceId)).filter((route) => {
      const config = route.trigger?.config as Partial<TriggerSegmentConfig & TriggerScheduleConfig> | undefined;
      return (route.trigger?.type === 'trigger.segment' || route.trigger?.type === 'trigger.schedule') && config?.segment === key;
    });
    if (users.length) throw problems.conflict(`Journeys ${users.map((route) => route.journeyId).join(', ')} enrol segment "${key}"; archive them first.`);
    try {
      await this.schedules.remove(workspaceId, key);
    } catch {
      throw problems.unavailable('The segment’s schedule could not be removed right now (Temporal is unreachable); nothing was deleted. Try again.');
    }
    await this.segments.deleteOne({ _id: doc._id });
    const members = await this.memberships.deleteMany({ workspaceId, segment: key });
    this.upkeep.forget(workspaceId);
    await this.audit.record(workspaceId, actor, 'segment.deleted', { type: 'segment', id: key });
    return { deleted: key, memberships: members.deletedCount };
  }

  /** How many contacts a rule matches now, and a few of them: for building a segment before saving it. */
  async preview(workspaceId: string, body: PreviewSegmentBody) {
    const now = Date.now();
    const [count, sample] = await Promise.all([countAudience(this.audience, workspaceId, body.rule, now), body.sample ? sampleAudience(this.audience, workspaceId, body.rule, now, body.sample) : []]);
    return { count, sample: sample.map((doc) => contactView(doc as unknown as ContactDoc)), at: new Date(now).toISOString() };
  }

  /** The contacts inside now, a page at a time in membership order (`next` cursor). */
  async members(workspaceId: string, key: string, query: ListMembersQuery) {
    await this.find(workspaceId, key);
    // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
    const filter = { workspaceId, segment: key, inside: true, ...(query.cursor ? { _id: trusted({ $gt: query.cursor }) } : {}) };
    const page = await this.memberships.find(filter, { contactId: 1, enteredAt: 1 }).sort({ _id: 1 }).limit(query.limit + 1).lean();
    const shown = page.slice(0, query.limit);
    return {
      members: await withContacts(this.contacts, workspaceId, shown, (member) => ({ enteredAt: member.enteredAt?.toISOString() ?? null })),
      next: page.length > query.limit ? shown[shown.length - 1]!._id : null,
    };
  }

  /** A pass of the segment's sweep, now (it runs on Temporal; `lastSweep` shows when it is done). */
  async sweepNow(workspaceId: string, key: string) {
    await this.find(workspaceId, key);
    await this.sweepSoon(workspaceId, key);
    return { segment: key, requestedAt: new Date().toISOString() };
  }

  private async sweepSoon(workspaceId: string, key: string): Promise<void> {
    try {
      await this.schedules.sweepNow(workspaceId, key);
    } catch {
      throw problems.unavailable('The sweep could not be started right now (Temporal is unreachable); the schedule runs it later. Try again.');
    }
  }

  private async find(workspaceId: string, key: string): Promise<SegmentDoc> {
    const doc = await this.segments.findOne({ _id: segmentId(workspaceId, key), workspaceId }).lean();
    if (!doc) throw problems.notFound(`Segment "${key}"`);
    return doc as SegmentDoc;
  }
}
