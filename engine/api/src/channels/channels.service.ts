import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { channelConfigSchemas, ConfigurableChannel, configurableChannels, secretFields } from '@trellis/journey';
import { bumpMessagingConfig, ChannelConfigDoc, channelConfigId, MessagingPolicyDoc } from '@trellis/runtime';
import { Model, trusted } from 'mongoose';
import { AuditLog } from '../access/audit-log.service';
import { Actor } from '../access/principal';
import { problems } from '../common/problem';
import { zodIssuesToProblemErrors } from '../common/zod-body';

type StoredConfig = ChannelConfigDoc & { _id: string; updatedAt?: Date };

/** A channel's config as shown: secrets are never sent back, only whether each is set. */
function channelView(kind: ConfigurableChannel, doc: StoredConfig | undefined) {
  if (!doc) return { kind, configured: false, config: null, secretsSet: [], updatedBy: null, updatedAt: null };
  const config = { ...(doc.config as Record<string, unknown>) };
  const secretsSet = secretFields[kind].filter((field) => config[field] !== undefined);
  for (const field of secretFields[kind]) delete config[field];
  return { kind, configured: true, config, secretsSet, updatedBy: doc.updatedBy ?? null, updatedAt: doc.updatedAt?.toISOString() ?? null };
}

/** How the workspace reaches people on each kind of channel: SMTP server, SMS and push providers, WeCom. */
@Injectable()
export class ChannelsService {
  constructor(
    @InjectModel('ChannelConfig') private readonly configs: Model<ChannelConfigDoc>,
    @InjectModel('MessagingPolicy') private readonly policies: Model<MessagingPolicyDoc>,
    private readonly audit: AuditLog,
  ) {}

  async list(workspaceId: string) {
    // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
    const stored = (await this.configs.find({ _id: trusted({ $in: configurableChannels.map((kind) => channelConfigId(workspaceId, kind)) }) }).lean()) as StoredConfig[];
    return { channels: configurableChannels.map((kind) => channelView(kind, stored.find((doc) => doc.kind === kind))) };
  }

  /**
   * Replaces the channel's config. A secret left out keeps the one stored, so a form that never
   * sees the password can still save the rest; a secret set to null is removed.
   */
  async put(workspaceId: string, kind: ConfigurableChannel, body: Record<string, unknown>, actor: Actor) {
    const _id = channelConfigId(workspaceId, kind);
    const stored = (await this.configs.findById(_id).lean()) as StoredConfig | null;
    const storedConfig = (stored?.config ?? {}) as Record<string, unknown>;
    const given = { ...body };
    const kept: Record<string, unknown> = {};
    for (const field of secretFields[kind]) {
      if (given[field] === null) delete given[field];
      else if (!(field in given) && storedConfig[field] !== undefined) kept[field] = storedConfig[field];
    }
    const parsed = channelConfigSchemas[kind].safeParse({ ...kept, ...given });
    if (!parsed.success) throw problems.validation(zodIssuesToProblemErrors(parsed.error, ''), `The ${kind} channel config is invalid; see errors.`);
    const doc = await this.configs.findOneAndUpdate({ _id }, { $set: { workspaceId, kind, config: parsed.data, updatedBy: actor.name } }, { upsert: true, new: true }).lean();
    await bumpMessagingConfig(this.policies, workspaceId);
    await this.audit.record(workspaceId, actor, 'channel.configured', { type: 'channel', id: kind });
    return channelView(kind, doc as StoredConfig);
  }

  async remove(workspaceId: string, kind: ConfigurableChannel, actor: Actor) {
    const removed = await this.configs.deleteOne({ _id: channelConfigId(workspaceId, kind) });
    if (!removed.deletedCount) throw problems.notFound(`A ${kind} channel config`);
    await bumpMessagingConfig(this.policies, workspaceId);
    await this.audit.record(workspaceId, actor, 'channel.removed', { type: 'channel', id: kind });
  }
}
