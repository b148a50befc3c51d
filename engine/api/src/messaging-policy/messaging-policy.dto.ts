import { messagingPolicy } from '@trellis/journey';
import { z } from 'zod';

/** The policy an admin writes; the kill switch has its own endpoint and permission. */
export const putPolicyBody = messagingPolicy.omit({ killSwitch: true });
export type PutPolicyBody = z.infer<typeof putPolicyBody>;

export const killSwitchBody = z.strictObject({
  on: z.boolean().describe('true stops every marketing send at once (held-back ones are dropped); false lets new ones go again.'),
  note: z.string().trim().max(500).optional().describe('Why, for the audit log and whoever looks next.'),
});
export type KillSwitchBody = z.infer<typeof killSwitchBody>;
