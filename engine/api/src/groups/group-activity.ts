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

  /**
   * Applies a group event of the contact's; the contact fields it changed. A member speaking,
   * the common case, is two writes: their counters, then the group's.
   */
  async record(workspaceId: string, contactId: string, event: { name: string; at: Date; properties: Record<string, unknown> }): Promise<string[]> {
    if (!isGroupEvent(event.name, event.properties)) return [];
    const groupId = event.properties.groupId as string;
    if (event.name === groupEvents.left) return (await this.leave(workspaceId, groupId, contactId, event.at)) ? ['groups'] : [];
    if (event.name === groupEvents.joined) return (await this.join(workspaceId, groupId, contactId, event.at)) ? ['groups'] : [];
    const _id = groupMemberId(workspaceId, groupId, contactId) as never;
    const spoke = { $inc: { messages: 1 }, $max: { lastSpokeAt: event.at } };
    // Someone speaking is in the group, even if their joining was never told.
    const member = await this.members.collection.updateOne({ _id, inside: true }, spoke);
    const joined = !member.matchedCount && (await this.join(workspaceId, groupId, contactId, event.at));
    if (!member.matchedCount) await this.members.collection.updateOne({ _id }, spoke);
    await this.bump(workspaceId, groupId, { $inc: { messagesCount: 1 }, $max: { lastMessageAt: event.at } });
    return joined ? ['groups'] : [];
  }

  /** A Segment group call: the group's traits (name, owner, capacity) kept, the person in it. */
  async grouped(workspaceId: string, contactId: string, group: { groupId: string; traits: Record<string, unknown> }, at: Date): Promise<string[]> {
    const { name, owner, capacity } = group.traits;
    const traits = {
      ...(typeof name === 'string' && name.trim() ? { name: name.trim().slice(0, 200) } : {}),
      ...(typeof owner === 'string' && owner.trim() ? { owner: owner.trim().slice(0, 200) } : {}),
      ...(typeof capacity === 'number' && Number.isInteger(capacity) && capacity > 0 ? { capacity } : {}),
    };
    if (Object.keys(traits).length) await this.bump(workspaceId, group.groupId, { $set: { ...traits, updatedAt: new Date() } });
    return (await this.join(workspaceId, group.groupId, contactId, at)) ? ['groups'] : [];
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
      await this.bump(workspaceId, groupId, { $inc: { memberCount: 1 }, $max: { lastJoinAt: at } });
      await this.contacts.collection.updateOne({ _id: new Types.ObjectId(contactId) }, { $addToSet: { groups: groupId } });
    }
    return moved;
  }

  /** Out, if in: true when this call moved the contact out. */
  async leave(workspaceId: string, groupId: string, contactId: string, at: Date): Promise<boolean> {
    const result = await this.members.collection.updateOne({ _id: groupMemberId(workspaceId, groupId, contactId) as never, inside: true }, { $set: { inside: false, leftAt: at } });
    if (!result.modifiedCount) return false;
    await this.bump(workspaceId, groupId, { $inc: { memberCount: -1 } });
    await this.contacts.collection.updateOne({ _id: new Types.ObjectId(contactId) }, { $pull: { groups: groupId } as never });
    return true;
  }

  /**
   * Applies the update to the group, making it on first sight with its id for a name (an operator
   * names it later) and WeCom's capacity: one write, whether or not the group existed.
   */
  private async bump(workspaceId: string, groupId: string, update: Partial<Record<'$set' | '$inc' | '$max', Record<string, unknown>>>): Promise<void> {
    const touched = new Set(Object.values(update).flatMap((fields) => Object.keys(fields)));
    const defaults = { workspaceId, groupId, name: groupId, capacity: defaultGroupCapacity, tags: [], memberCount: 0, messagesCount: 0, createdAt: new Date() };
    const $setOnInsert = Object.fromEntries(Object.entries(defaults).filter(([field]) => !touched.has(field)));
    const write = () => this.groups.collection.updateOne({ _id: customerGroupId(workspaceId, groupId) as never }, { ...update, $setOnInsert } as never, { upsert: true });
    // A racing event made the group first: the update applies to it now.
    await write().catch((error: unknown) => (isDuplicateKeyError(error) ? write() : Promise.reject(error)));
  }
}
