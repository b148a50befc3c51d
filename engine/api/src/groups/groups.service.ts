import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Contact, CustomerGroup, customerGroupId, GroupMember, groupMemberId, isDuplicateKeyError } from '@trellis/runtime';
import { Model, trusted, Types } from 'mongoose';
import { AuditLog } from '../access/audit-log.service';
import { Actor } from '../access/principal';
import { problems } from '../common/problem';
import { ContactDirectory } from '../contacts/contact-directory';
import { withContacts } from '../contacts/with-contacts';
import { groupStage, stageFilter } from './group-stage';
import { CreateGroupBody, ListGroupMembersQuery, ListGroupsQuery, TagMemberBody, UpdateGroupBody } from './groups.dto';

type GroupDoc = CustomerGroup & { _id: string; createdAt?: Date; updatedAt?: Date };

function groupView(doc: GroupDoc, nowMs: number) {
  return {
    groupId: doc.groupId,
    name: doc.name,
    owner: doc.owner ?? null,
    capacity: doc.capacity,
    memberCount: doc.memberCount ?? 0,
    seatsLeft: Math.max(0, doc.capacity - (doc.memberCount ?? 0)),
    tags: doc.tags ?? [],
    stage: groupStage(doc, nowMs),
    messagesCount: doc.messagesCount ?? 0,
    lastMessageAt: doc.lastMessageAt?.toISOString() ?? null,
    lastJoinAt: doc.lastJoinAt?.toISOString() ?? null,
    createdAt: doc.createdAt?.toISOString() ?? null,
  };
}

/** Customer groups: the operator's view of them, and the tags of people within each. */
@Injectable()
export class GroupsService {
  constructor(
    @InjectModel('CustomerGroup') private readonly groups: Model<CustomerGroup>,
    @InjectModel('GroupMember') private readonly members: Model<GroupMember>,
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
    private readonly directory: ContactDirectory,
    private readonly audit: AuditLog,
  ) {}

  async create(workspaceId: string, body: CreateGroupBody, actor: Actor) {
    try {
      const doc = await this.groups.create({ _id: customerGroupId(workspaceId, body.groupId), workspaceId, ...body });
      await this.audit.record(workspaceId, actor, 'group.created', { type: 'group', id: body.groupId }, { name: body.name });
      return groupView(doc.toObject() as GroupDoc, Date.now());
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict(`Group ${body.groupId} exists already; change it with PATCH.`);
      throw error;
    }
  }

  async list(workspaceId: string, query: ListGroupsQuery) {
    const now = Date.now();
    const filter = {
      workspaceId,
      ...(query.stage ? stageFilter(query.stage, now) : {}),
      ...(query.tag ? { tags: query.tag } : {}),
      ...(query.cursor ? { _id: { $gt: customerGroupId(workspaceId, query.cursor) } } : {}),
    };
    // Native driver: the operators here are our own (stage and cursor) and the values validated, which mongoose's filter sanitising would neutralise.
    const page = (await this.groups.collection.find(filter as never).sort({ _id: 1 }).limit(query.limit + 1).toArray()) as unknown as GroupDoc[];
    const shown = page.slice(0, query.limit);
    return { groups: shown.map((doc) => groupView(doc, now)), next: page.length > query.limit ? shown[shown.length - 1]!.groupId : null };
  }

  async get(workspaceId: string, groupId: string) {
    return groupView(await this.find(workspaceId, groupId), Date.now());
  }

  async update(workspaceId: string, groupId: string, body: UpdateGroupBody, actor: Actor) {
    const { owner, ...rest } = body;
    const doc = await this.groups
      .findOneAndUpdate({ _id: customerGroupId(workspaceId, groupId), workspaceId }, { $set: { ...rest, ...(owner ? { owner } : {}) }, ...(owner === null ? { $unset: { owner: '' } } : {}) }, { new: true })
      .lean();
    if (!doc) throw problems.notFound(`Group ${groupId}`);
    await this.audit.record(workspaceId, actor, 'group.changed', { type: 'group', id: groupId }, { fields: Object.keys(body) });
    return groupView(doc as GroupDoc, Date.now());
  }

  /** The group dismissed: its memberships gone, and it from its members' `groups`. */
  async remove(workspaceId: string, groupId: string, actor: Actor) {
    await this.find(workspaceId, groupId);
    const inside = await this.members.find({ workspaceId, groupId, inside: true }, { contactId: 1 }).lean();
    if (inside.length) {
      await this.contacts.collection.updateMany({ _id: { $in: inside.map((member) => new Types.ObjectId(member.contactId)) } }, { $pull: { groups: groupId } as never });
    }
    await this.members.deleteMany({ workspaceId, groupId });
    await this.groups.deleteOne({ _id: customerGroupId(workspaceId, groupId) });
    await this.audit.record(workspaceId, actor, 'group.removed', { type: 'group', id: groupId }, { members: inside.length });
    return { groupId, removed: true, members: inside.length };
  }

  async listMembers(workspaceId: string, groupId: string, query: ListGroupMembersQuery) {
    await this.find(workspaceId, groupId);
    const prefix = groupMemberId(workspaceId, groupId, '');
    const filter = { workspaceId, groupId, inside: query.former === 'false', ...(query.cursor ? { _id: trusted({ $gt: prefix + query.cursor }) } : {}) };
    const page = await this.members.find(filter).sort({ _id: 1 }).limit(query.limit + 1).lean();
    const shown = page.slice(0, query.limit);
    return {
      members: await withContacts(this.contacts, workspaceId, shown, memberView),
      next: page.length > query.limit ? shown[shown.length - 1]!.contactId : null,
    };
  }

  /** Tags of a person within the group (not on the contact): a group's own VIPs, its troublemakers. */
  async tagMember(workspaceId: string, groupId: string, externalId: string, body: TagMemberBody) {
    await this.find(workspaceId, groupId);
    const contact = await this.directory.find(workspaceId, externalId);
    if (!contact) throw problems.notFound(`Contact ${externalId}`);
    const _id = groupMemberId(workspaceId, groupId, String(contact._id));
    // Two writes: one update may not both add to and pull from the same array.
    if (body.add.length) await this.members.updateOne({ _id }, { $addToSet: { tags: { $each: body.add } } });
    if (body.remove.length) await this.members.updateOne({ _id }, { $pullAll: { tags: body.remove } });
    const member = await this.members.findById(_id).lean();
    if (!member) throw problems.notFound(`Contact ${externalId} in group ${groupId}`);
    return memberView(member);
  }

  private async find(workspaceId: string, groupId: string): Promise<GroupDoc> {
    const doc = await this.groups.findOne({ _id: customerGroupId(workspaceId, groupId), workspaceId }).lean();
    if (!doc) throw problems.notFound(`Group ${groupId}`);
    return doc as GroupDoc;
  }
}

function memberView(member: GroupMember) {
  return {
    inside: member.inside,
    role: member.role,
    tags: member.tags ?? [],
    joinedAt: member.joinedAt?.toISOString() ?? null,
    leftAt: member.leftAt?.toISOString() ?? null,
    joins: member.joins ?? 0,
    messages: member.messages ?? 0,
    lastSpokeAt: member.lastSpokeAt?.toISOString() ?? null,
  };
}
