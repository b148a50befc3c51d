import { z } from 'zod';

export const groupIdParam = z.string().trim().min(1).max(200).describe('The id the channel knows the group by (WeCom’s chat_id)');
const tag = z.string().trim().min(1).max(100);
const name = z.string().trim().min(1).max(200);
const owner = z.string().trim().min(1).max(200).describe('The staff account that owns the group');
const capacity = z.number().int().min(1).max(100_000).describe('Most members the group takes (WeCom: 500)');

export const groupStages = ['new', 'active', 'dormant'] as const;

export const createGroupBody = z.strictObject({
  groupId: groupIdParam,
  name,
  owner: owner.optional(),
  capacity: capacity.default(500),
  tags: z.array(tag).max(50).default([]).describe('Tags of the group itself: its city, product line, stage of the funnel…'),
});
export type CreateGroupBody = z.infer<typeof createGroupBody>;

export const updateGroupBody = z
  .strictObject({ name: name.optional(), owner: owner.nullable().optional(), capacity: capacity.optional(), tags: z.array(tag).max(50).optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'change at least one of name, owner, capacity, tags' });
export type UpdateGroupBody = z.infer<typeof updateGroupBody>;

export const listGroupsQuery = z.strictObject({
  stage: z.enum(groupStages).optional().describe('new: made in the last 7 days; active: a message in the last 14 days; dormant: neither'),
  tag: tag.optional(),
  cursor: z.string().max(300).optional().describe('The `next` of the previous page.'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListGroupsQuery = z.infer<typeof listGroupsQuery>;

export const listGroupMembersQuery = z.strictObject({
  cursor: z.string().max(300).optional().describe('The `next` of the previous page.'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  former: z.enum(['true', 'false']).default('false').describe('List the people who left instead of those inside.'),
});
export type ListGroupMembersQuery = z.infer<typeof listGroupMembersQuery>;

export const tagMemberBody = z
  .strictObject({ add: z.array(tag).max(50).default([]), remove: z.array(tag).max(50).default([]) })
  .refine((body) => body.add.length + body.remove.length > 0, { message: 'add or remove at least one tag' });
export type TagMemberBody = z.infer<typeof tagMemberBody>;
