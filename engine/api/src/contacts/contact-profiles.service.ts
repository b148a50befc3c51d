import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Client } from '@temporalio/client';
import { Contact, ContactDoc, ContactKey, contactKey, Enrollment, Identity, journeyControlSignal, SegmentMembership, TrackedEvent } from '@trellis/runtime';
import { Model, trusted } from 'mongoose';
import { problems } from '../common/problem';
import { signalEach } from '../temporal/signal-each';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { ContactChanges } from './contact-changes';
import { ContactDirectory } from './contact-directory';
import { contactView } from './contact-view';
import { ContactIds, CreateContactBody, ListContactsQuery, UpdateContactBody } from './contacts.dto';

/** The ids of a request body, as identities. */
function identitiesOf(ids: ContactIds): Identity[] {
  const kinds = { userId: 'user', anonymousId: 'anonymous', email: 'email', phone: 'phone', wecom: 'wecom', unionid: 'unionid', openid: 'openid' } as const;
  return Object.entries(kinds).flatMap(([field, kind]) => {
    const value = ids[field as keyof ContactIds];
    return value === undefined ? [] : [{ kind, value }];
  });
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Contacts as operators and imports manage them: create, change, list and search, delete. */
@Injectable()
export class ContactProfilesService {
  constructor(
    private readonly directory: ContactDirectory,
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
    @InjectModel('ContactKey') private readonly contactKeys: Model<ContactKey>,
    @InjectModel('TrackedEvent') private readonly events: Model<TrackedEvent>,
    @InjectModel('Enrollment') private readonly enrollments: Model<Enrollment>,
    @InjectModel('SegmentMembership') private readonly memberships: Model<SegmentMembership>,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly changes: ContactChanges,
  ) {}

  /** A new contact, or the anonymous one its ids already name, now known; a user id already taken is a conflict. */
  async create(workspaceId: string, body: CreateContactBody) {
    if (body.userId && (await this.directory.find(workspaceId, body.userId))) {
      throw problems.conflict(`A contact with user id "${body.userId}" exists already; change it with PATCH /v1/contacts/${encodeURIComponent(body.userId)}.`);
    }
    const contact = await this.directory.resolve(workspaceId, identitiesOf(body));
    return contactView(await this.apply(workspaceId, contact, { traits: body.traits, addTags: body.tags, timezone: body.timezone, lifecycleStage: body.lifecycleStage, subscriptions: body.subscriptions, wecomOwner: body.wecomOwner }));
  }

  async update(workspaceId: string, externalId: string, body: UpdateContactBody) {
    const found = await this.directory.find(workspaceId, externalId);
    if (!found) throw problems.notFound(`Contact "${externalId}"`);
    const linked = identitiesOf(body);
    // New ids join this contact (an anonymous contact they named is merged into it).
    const contact = linked.length ? await this.directory.resolve(workspaceId, [{ kind: 'user', value: externalId }, ...linked]) : found;
    return contactView(await this.apply(workspaceId, contact, body));
  }

  /** Newest last, a page at a time (`cursor` is the previous page's `next`); filters scan on FerretDB, so they are for operators, not hot paths. */
  async list(workspaceId: string, query: ListContactsQuery) {
    // trusted(): our own operators, which sanitizeFilter would otherwise neutralise.
    const filter: Record<string, unknown> = {
      workspaceId,
      mergedInto: null,
      ...(query.cursor ? { _id: trusted({ $gt: query.cursor }) } : {}),
      ...(query.tag ? { tags: query.tag } : {}),
      ...(query.lifecycleStage ? { lifecycleStage: query.lifecycleStage } : {}),
      ...(query.q
        ? { $or: [{ externalId: trusted({ $regex: `^${escapeRegex(query.q)}` }) }, { 'identities.value': trusted({ $regex: `^${escapeRegex(query.q.toLowerCase())}` }) }] }
        : {}),
    };
    const docs = (await this.contacts.find(filter).sort({ _id: 1 }).limit(query.limit + 1).lean()) as ContactDoc[];
    const page = docs.slice(0, query.limit).map(contactView);
    return { contacts: page, next: docs.length > query.limit ? page[page.length - 1]!.id : null };
  }

  /**
   * Forgets the person: their ids, profile and events. Journeys they are in end for them
   * (`removed`) first, so no action runs on a contact that is gone.
   */
  async remove(workspaceId: string, externalId: string) {
    const contact = await this.directory.find(workspaceId, externalId);
    if (!contact) throw problems.notFound(`Contact "${externalId}"`);
    const contactIds = [String(contact._id), ...(contact.mergedFrom ?? [])];
    const running = await this.enrollments.find({ workspaceId, contactId: trusted({ $in: contactIds }), status: 'running' }, { workflowId: 1 }).lean();
    try {
      await signalEach(this.temporal, running.map(({ workflowId }) => workflowId), journeyControlSignal, { command: 'exit', reason: 'removed' });
    } catch {
      throw problems.unavailable('The contact is still there: its journeys could not be told to end right now. Send the request again.');
    }
    const all = (await this.contacts.find({ workspaceId, _id: trusted({ $in: contactIds }) }).lean()) as ContactDoc[];
    const keys = all.flatMap((doc) => (doc.identities ?? []).map((identity) => contactKey(workspaceId, identity as Identity)));
    await this.contactKeys.deleteMany({ _id: trusted({ $in: keys }) });
    const events = await this.events.deleteMany({ workspaceId, contactId: trusted({ $in: contactIds }) });
    await this.memberships.deleteMany({ workspaceId, contactId: trusted({ $in: contactIds }) });
    await this.contacts.deleteMany({ workspaceId, _id: trusted({ $in: contactIds }) });
    return { deleted: externalId, events: events.deletedCount, journeysEnded: running.length };
  }

  /** Writes profile changes in as few updates as one document allows (a field may be touched once per update). */
  private async apply(workspaceId: string, contact: ContactDoc, change: Omit<UpdateContactBody, keyof ContactIds>): Promise<ContactDoc> {
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, ''> = {};
    for (const [key, value] of Object.entries(change.traits ?? {})) {
      if (value === null) $unset[`traits.${key}`] = '';
      else $set[`traits.${key}`] = value;
    }
    for (const [field, value] of [
      ['timezone', change.timezone],
      ['lifecycleStage', change.lifecycleStage],
      ['wecomOwner', change.wecomOwner],
    ] as const) {
      if (value === null) $unset[field] = '';
      else if (value !== undefined) $set[field] = value;
    }
    for (const [channel, state] of Object.entries(change.subscriptions ?? {})) $set[`subscriptions.${channel}`] = state;
    for (const channel of change.unsuppress ?? []) $unset[`suppressions.${channel}`] = '';
    const owned = { _id: String(contact._id), workspaceId };
    const first = {
      ...(Object.keys($set).length ? { $set } : {}),
      ...(Object.keys($unset).length ? { $unset } : {}),
      ...(change.addTags?.length ? { $addToSet: { tags: { $each: change.addTags } } } : {}),
    };
    if (Object.keys(first).length) await this.contacts.updateOne(owned, first);
    // $pullAll rather than $pull with $in: FerretDB 1.x ignores the latter without an error.
    if (change.removeTags?.length) await this.contacts.updateOne(owned, { $pullAll: { tags: change.removeTags } });
    const paths = [...Object.keys($set), ...Object.keys($unset), ...(change.addTags?.length || change.removeTags?.length ? ['tags'] : [])];
    await this.changes.changed({ workspaceId, contactIds: [owned._id], paths });
    return (await this.contacts.findOne(owned).lean()) as ContactDoc;
  }
}
