import { z } from 'zod';
import { defineNode } from '../node-definition';
import { boundedRule } from '../rules/rule';

/** Port names come from branch and arm ids, so they follow the same rules as ports. */
export const portId = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_-]{0,31}$/, 'a short id starting with a lower-case letter, e.g. "vip"');

export function uniqueIds(items: readonly { id: string }[]): boolean {
  return new Set(items.map((item) => item.id)).size === items.length;
}

export const branchConditionConfig = z
  .strictObject({
    branches: z
      .array(
        z.strictObject({
          id: portId.refine((id) => id !== 'else', '"else" is the fallback path; name this branch differently'),
          label: z.string().max(100).optional().describe('What the editor shows on the path.'),
          when: boundedRule.describe('Contacts matching this rule take this path.'),
        }),
      )
      .min(1, 'add at least one condition')
      .max(10)
      .describe('Checked in order: the first matching branch wins; no match takes "else".'),
  })
  .refine((config) => uniqueIds(config.branches), { message: 'each branch needs its own id', path: ['branches'] });
export type BranchConditionConfig = z.infer<typeof branchConditionConfig>;

export const branchConditionNode = defineNode({
  type: 'branch.condition',
  category: 'branch',
  title: 'If / else',
  description: 'Sends the contact down the first path whose condition (traits, tags, event history) holds, else "else".',
  icon: 'split',
  config: branchConditionConfig,
  ports: { fromList: 'branches', key: 'id', then: ['else'] },
  readsContact: true,
});
