import { InferSchemaType, Schema } from 'mongoose';

/**
 * A customer group (a WeCom group chat, say), keyed `workspaceId:groupId` so every lookup is by
 * `_id`. Its member count and message counters are kept as members join, leave and speak.
 */
export const customerGroupSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    /** The id the channel knows the group by (WeCom's `chat_id`). */
    groupId: { type: String, required: true },
    name: { type: String, required: true },
    /** The staff account that owns the group. */
    owner: { type: String },
    /** Most members the group takes (WeCom: 500 for customer groups). */
    capacity: { type: Number, required: true },
    tags: { type: [String], default: () => [] },
    memberCount: { type: Number, default: 0 },
    messagesCount: { type: Number, default: 0 },
    lastMessageAt: { type: Date },
    lastJoinAt: { type: Date },
  },
  { collection: 'customer_groups', timestamps: true, minimize: false },
);
export type CustomerGroup = InferSchemaType<typeof customerGroupSchema>;

/** A contact's place in a group, keyed `workspaceId:groupId:contactId`: kept after they leave, with their history. */
export const groupMemberSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    groupId: { type: String, required: true },
    contactId: { type: String, required: true },
    inside: { type: Boolean, required: true },
    role: { type: String, enum: ['member', 'admin', 'owner'], default: 'member' },
    /** Tags of the person within this group (the group's own VIP, a spammer…). */
    tags: { type: [String], default: () => [] },
    joinedAt: { type: Date },
    leftAt: { type: Date },
    joins: { type: Number, default: 0 },
    messages: { type: Number, default: 0 },
    lastSpokeAt: { type: Date },
  },
  { collection: 'group_members', minimize: false },
);
export type GroupMember = InferSchemaType<typeof groupMemberSchema>;

export const customerGroupId = (workspaceId: string, groupId: string) => `${workspaceId}:${groupId}`;
export const groupMemberId = (workspaceId: string, groupId: string, contactId: string) => `${workspaceId}:${groupId}:${contactId}`;
