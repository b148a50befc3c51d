import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Contact, CustomerGroup, customerGroupId, GroupMember, groupMemberId, isDuplicateKeyError } from '@trellis/runtime';
import { Model, Types } from 'mongoose';

/** The events that move people in and out of customer groups (sent by a WeCom callback bridge, or any client), each with `properties.groupId`. */
export const groupEvents = { joined: 'Group Joined', left: 'Group Left', spoke: 'Group Message Sent' } as const;
const groupEventNames = new Set<string>(Object.values(groupEvents));

/** WeCom's cap on a customer group, used for groups first seen in an event. */
export const defaultGroupCapacity = 500;

export function isGroupEvent(name: string, properties: Record<string, unknown>): boolean {
  return groupEventNames.has(name) && typeof properties.groupId === 'string' && properties.groupId.length > 0 && properties.groupId.length <= 200;
}

/**
 * Keeps groups, memberships and each contact's `groups` in step with joins, leaves and messages.
 * Membership moves are conditional updates (in only if out, out only if in), so a member count
 * moves once per real change however many times an event is told.
 */
@Injectable()
export class GroupActivity {
  constructor(
    @InjectModel('CustomerGroup') private readonly groups: Model<CustomerGroup>,
    @InjectModel('GroupMember') private readonly members: Model<GroupMember>,
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
  ) {}

  /** Applies a group event of the contact's; the contact fields it changed. */
  async record(workspaceId: string, contactId: string, event: { name: string; at: Date; properties: Record<string, unknown> }): Promise<string[]> {
    if (!isGroupEvent(event.name, event.properties)) return [];
    const groupId = event.properties.groupId as string;
    await this.ensure(workspaceId, groupId);
    if (event.name === groupEvents.left) return (await this.leave(workspaceId, groupId, contactId, event.at)) ? ['groups'] : [];
    const joined = await this.join(workspaceId, groupId, contactId, event.at);
    if (event.name === groupEvents.spoke) await this.spoke(workspaceId, groupId, contactId, event.at);
    return joined ? ['groups'] : [];
  }

  /** A Segment group call: the group's traits (name, owner, capacity) kept, the person in it. */
  async grouped(workspaceId: string, contactId: string, group: { groupId: string; traits: Record<string, unknown> }, at: Date): Promise<string[]> {
    const { name, owner, capacity } = group.traits;
    await this.ensure(workspaceId, group.groupId, {
      ...(typeof name === 'string' && name.trim() ? { name: name.trim().slice(0, 200) } : {}),
      ...(typeof owner === 'string' && owner.trim() ? { owner: owner.trim().slice(0, 200) } : {}),
      ...(typeof capacity === 'number' && Number.isInteger(capacity) && capacity > 0 ? { capacity } : {}),
    });
    return (await this.join(workspaceId, group.groupId, contactId, at)) ? ['groups'] : [];
  }

  /** The group, made on first sight with its id for a name (an operator names it later). */
  async ensure(workspaceId: string, groupId: string, traits: { name?: string; owner?: string; capacity?: number } = {}): Promise<void> {
    const set = Object.fromEntries(Object.entries(traits).filter(([, value]) => value !== undefined));
    await this.groups.collection.updateOne(
      { _id: customerGroupId(workspaceId, groupId) as never },
      {
        $setOnInsert: { workspaceId, groupId, tags: [], memberCount: 0, messagesCount: 0, createdAt: new Date(), ...('name' in set ? {} : { name: groupId }), ...('capacity' in set ? {} : { capacity: defaultGroupCapacity }) },
        ...(Object.keys(set).length ? { $set: { ...set, updatedAt: new Date() } } : {}),
      },
      { upsert: true },
    ).catch((error: unknown) => {
      // Made by a racing event meanwhile.
      if (!isDuplicateKeyError(error)) throw error;
    });
  }

  /** In, unless already in: true when this call moved the contact in. */
  async join(workspaceId: string, groupId: string, contactId: string, at: Date): Promise<boolean> {
    const _id = groupMemberId(workspaceId, groupId, contactId);
    let moved: boolean;
    try {
      const result = await this.members.collection.updateOne(
        { _id: _id as never, inside: { $ne: true } },
        { $set: { inside: true, joinedAt: at }, $inc: { joins: 1 }, $setOnInsert: { workspaceId, groupId, contactId, role: 'member', tags: [], messages: 0 } },
        { upsert: true },
      );
      moved = result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      // The upsert met the member already inside.
      if (!isDuplicateKeyError(error)) throw error;
      moved = false;
    }
    if (moved) {
      await this.groups.collection.updateOne({ _id: customerGroupId(workspaceId, groupId) as never }, { $inc: { memberCount: 1 }, $max: { lastJoinAt: at } });
      await this.contacts.collection.updateOne({ _id: new Types.ObjectId(contactId) }, { $addToSet: { groups: groupId } });
    }
    return moved;
  }

  /** Out, if in: true when this call moved the contact out. */
  async leave(workspaceId: string, groupId: string, contactId: string, at: Date): Promise<boolean> {
    const result = await this.members.collection.updateOne({ _id: groupMemberId(workspaceId, groupId, contactId) as never, inside: true }, { $set: { inside: false, leftAt: at } });
    if (!result.modifiedCount) return false;
    await this.groups.collection.updateOne({ _id: customerGroupId(workspaceId, groupId) as never }, { $inc: { memberCount: -1 } });
    await this.contacts.collection.updateOne({ _id: new Types.ObjectId(contactId) }, { $pull: { groups: groupId } as never });
    return true;
  }

  private async spoke(workspaceId: string, groupId: string, contactId: string, at: Date): Promise<void> {
    await this.members.collection.updateOne({ _id: groupMemberId(workspaceId, groupId, contactId) as never }, { $inc: { messages: 1 }, $max: { lastSpokeAt: at } });
    await this.groups.collection.updateOne({ _id: customerGroupId(workspaceId, groupId) as never }, { $inc: { messagesCount: 1 }, $max: { lastMessageAt: at } });
  }
}
