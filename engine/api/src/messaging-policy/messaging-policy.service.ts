import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MessagingPolicy, messagingPolicy } from '@trellis/journey';
import { MessagingPolicyDoc } from '@trellis/runtime';
import { Model } from 'mongoose';
import { AuditLog } from '../access/audit-log.service';
import { Actor } from '../access/principal';
import { KillSwitchBody, PutPolicyBody } from './messaging-policy.dto';

type PolicyDoc = MessagingPolicyDoc & { _id: string; updatedAt?: Date };

/** The workspace's policy as stored, or the defaults before an admin set one. */
function policyOf(doc: PolicyDoc | null): MessagingPolicy {
  // The document may exist without a policy: the first send made it to hold the signing key.
  return doc?.policy ? (doc.policy as MessagingPolicy) : messagingPolicy.parse({});
}

function policyView(doc: PolicyDoc | null) {
  return {
    ...policyOf(doc),
    killSwitchNote: doc?.killSwitchNote ?? null,
    killSwitchThrownAt: doc?.killSwitchThrownAt?.toISOString() ?? null,
    updatedBy: doc?.updatedBy ?? null,
    updatedAt: doc?.updatedAt?.toISOString() ?? null,
  };
}

/** The workspace's messaging guardrails, as sends read them; every change is audited. */
@Injectable()
export class MessagingPolicyService {
  constructor(
    @InjectModel('MessagingPolicy') private readonly policies: Model<MessagingPolicyDoc>,
    private readonly audit: AuditLog,
  ) {}

  async get(workspaceId: string) {
    return policyView(await this.stored(workspaceId));
  }

  /** Replaces the rules, keeping the kill switch where it is. */
  async put(workspaceId: string, body: PutPolicyBody, actor: Actor) {
    const policy: MessagingPolicy = { ...body, killSwitch: policyOf(await this.stored(workspaceId)).killSwitch };
    const doc = await this.policies.findOneAndUpdate({ _id: workspaceId }, { $set: { policy, updatedBy: actor.name } }, { upsert: true, new: true }).lean();
    await this.audit.record(workspaceId, actor, 'messaging.policy_changed', { type: 'workspace', id: workspaceId }, { caps: body.caps.length, quietHours: body.quietHours ?? null });
    return policyView(doc as PolicyDoc);
  }

  async killSwitch(workspaceId: string, body: KillSwitchBody, actor: Actor) {
    const policy = policyOf(await this.stored(workspaceId));
    const doc = await this.policies
      .findOneAndUpdate(
        { _id: workspaceId },
        {
          $set: {
            policy: { ...policy, killSwitch: body.on },
            updatedBy: actor.name,
            // Held-back marketing first tried before this moment is dropped, even after the switch is released.
            ...(body.on && !policy.killSwitch ? { killSwitchThrownAt: new Date() } : {}),
            ...(body.note ? { killSwitchNote: body.note } : {}),
          },
          ...(body.note ? {} : { $unset: { killSwitchNote: '' } }),
        },
        { upsert: true, new: true },
      )
      .lean();
    await this.audit.record(workspaceId, actor, body.on ? 'messaging.kill_switch_on' : 'messaging.kill_switch_off', { type: 'workspace', id: workspaceId }, body.note ? { note: body.note } : undefined);
    return policyView(doc as PolicyDoc);
  }

  private async stored(workspaceId: string): Promise<PolicyDoc | null> {
    return (await this.policies.findById(workspaceId).lean()) as PolicyDoc | null;
  }
}
