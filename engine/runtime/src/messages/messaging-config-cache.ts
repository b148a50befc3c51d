import { ChannelConfigDoc, channelConfigId } from '../store/channel-config.schema';
import { driverCollection } from '../store/driver-collection';
import { MessageTemplate, messageTemplateId } from '../store/message-template.schema';
import { RuntimeModels } from '../store/models';

interface WorkspaceEntry {
  version: number;
  loadedAtMs: number;
  templates: Map<string, Promise<MessageTemplate | null>>;
  channels: Map<string, Promise<ChannelConfigDoc | null>>;
}

/**
 * Templates and channel configs as sends read them, kept per workspace under its messaging
 * config version (`configVersion` on the workspace's policy document, which every send reads
 * anyway). Saving a template or a channel config moves the version (`bumpMessagingConfig`), so
 * the next send reads afresh: two reads fewer per send, never a stale template. A writer that
 * died between its write and the bump is caught up after `maxAgeMs`.
 */
export class MessagingConfigCache {
  private readonly workspaces = new Map<string, WorkspaceEntry>();

  constructor(
    private readonly models: Pick<RuntimeModels, 'messageTemplates' | 'channelConfigs'>,
    private readonly maxAgeMs = 60_000,
    private readonly maxWorkspaces = 1_000,
  ) {}

  template(workspaceId: string, version: number, key: string): Promise<MessageTemplate | null> {
    return this.cached(this.entry(workspaceId, version).templates, key, () => driverCollection(this.models.messageTemplates).findOne({ _id: messageTemplateId(workspaceId, key) }));
  }

  channel(workspaceId: string, version: number, kind: string): Promise<ChannelConfigDoc | null> {
    return this.cached(this.entry(workspaceId, version).channels, kind, () => driverCollection(this.models.channelConfigs).findOne({ _id: channelConfigId(workspaceId, kind) }));
  }

  private entry(workspaceId: string, version: number): WorkspaceEntry {
    const now = Date.now();
    let entry = this.workspaces.get(workspaceId);
    if (!entry || entry.version !== version || now - entry.loadedAtMs > this.maxAgeMs) {
      entry = { version, loadedAtMs: now, templates: new Map(), channels: new Map() };
    }
    // Most recently used last, so the first is the one to drop.
    this.workspaces.delete(workspaceId);
    this.workspaces.set(workspaceId, entry);
    if (this.workspaces.size > this.maxWorkspaces) this.workspaces.delete(this.workspaces.keys().next().value!);
    return entry;
  }

  private cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let found = map.get(key);
    if (!found) {
      found = load();
      map.set(key, found);
      // A failed read is not remembered: the next send tries again.
      found.catch(() => map.delete(key));
    }
    return found;
  }
}
