import { z } from 'zod';
import { defineNode } from '../define-node';

const tag = z.string().trim().min(1, 'a tag cannot be empty').max(100);

export const actionTagConfig = z
  .strictObject({
    add: z.array(tag).max(50).default([]).describe('Tags to put on the contact.'),
    remove: z.array(tag).max(50).default([]).describe('Tags to take off the contact.'),
  })
  .refine((config) => config.add.length + config.remove.length > 0, {
    message: 'name at least one tag to add or remove',
    path: ['add'],
  });
export type ActionTagConfig = z.infer<typeof actionTagConfig>;

export const actionTagNode = defineNode({
  type: 'action.tag',
  title: 'Tag contact',
  description: 'Adds or removes tags on the contact, e.g. "welcomed" or "vip".',
  icon: 'tag',
  config: actionTagConfig,
  ports: ['next'],
  local: true,
  async execute(config, { workspaceId, contactId, services }) {
    // Adding and removing the same set is idempotent, so retries need no extra bookkeeping.
    const tags = await services.contacts.updateTags(workspaceId, contactId, config);
    return { output: { added: config.add, removed: config.remove, tags } };
  },
});
