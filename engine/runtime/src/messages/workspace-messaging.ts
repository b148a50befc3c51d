import { MessagingPolicy, messagingPolicy } from '@trellis/journey';
import { Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { driverCollection } from '../store/driver-collection';
import { isDuplicateKeyError } from '../store/errors';
import { MessagingPolicyDoc } from '../store/messaging-policy.schema';

/** What every send of a workspace obeys and signs with, from its one `messaging_policies` document. */
export interface WorkspaceMessaging {
  policy: MessagingPolicy;
  /** Moves whenever a template or channel config of the workspace changes (see `MessagingConfigCache`). */
  configVersion: number;
  killSwitchThrownAtMs?: number;
  signingKey: string;
}

const defaults = messagingPolicy.parse({});

/**
 * The workspace's messaging policy (defaults until an admin sets one) and the key its unsubscribe
 * links are signed with, made on first use. Read on every send, so a changed policy, a thrown
 * kill switch or a revoked consent applies to the very next one.
 */
export async function workspaceMessaging(
  policies: Model<MessagingPolicyDoc>,
  workspaceId: string,
  read: (workspaceId: string) => Promise<(MessagingPolicyDoc & { _id: string }) | null> = (id) => driverCollection(policies).findOne({ _id: id }),
): Promise<WorkspaceMessaging> {
  const collection = driverCollection(policies);
  let doc = await read(workspaceId);
  if (!doc?.signingKey) {
    try {
      // Only where no key exists yet: two sends racing here agree on the first key written.
      await collection.updateOne({ _id: workspaceId, signingKey: { $exists: false } }, { $set: { signingKey: randomBytes(32).toString('base64url') } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    doc = await collection.findOne({ _id: workspaceId });
  }
  return {
    policy: (doc?.policy as MessagingPolicy | undefined) ?? defaults,
    configVersion: doc?.configVersion ?? 0,
    ...(doc?.killSwitchThrownAt ? { killSwitchThrownAtMs: doc.killSwitchThrownAt.getTime() } : {}),
    signingKey: doc!.signingKey!,
  };
}

/** Tells every worker's `MessagingConfigCache` that a template or channel config of the workspace changed. */
export async function bumpMessagingConfig(policies: Model<MessagingPolicyDoc>, workspaceId: string): Promise<void> {
  await driverCollection(policies).updateOne({ _id: workspaceId }, { $inc: { configVersion: 1 } }, { upsert: true });
}
