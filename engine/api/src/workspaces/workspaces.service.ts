import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { problems } from '../common/problem';
import { generateApiKey, hashApiKey } from './api-key';
import { ApiKey, Workspace } from './workspace.schema';

export interface WorkspaceView {
  id: string;
  name: string;
  timezone: string;
  createdAt: string;
}

/** How long a known API key is trusted without reading it again. */
const keyCacheMs = 10_000;
const maxCachedKeys = 10_000;

@Injectable()
export class WorkspacesService {
  private readonly knownKeys = new Map<string, { workspaceId: string; until: number }>();

  constructor(
    @InjectModel('Workspace') private readonly workspaces: Model<Workspace>,
    @InjectModel('ApiKey') private readonly apiKeys: Model<ApiKey>,
  ) {}

  async create(input: { name: string; timezone: string }): Promise<{ workspace: WorkspaceView; apiKey: { id: string; key: string } }> {
    const workspace = await this.workspaces.create(input);
    const apiKey = await this.createApiKey(workspace.id as string, 'default');
    return { workspace: this.view(workspace), apiKey };
  }

  async createApiKey(workspaceId: string, name: string): Promise<{ id: string; key: string }> {
    const key = generateApiKey();
    const doc = await this.apiKeys.create({ workspaceId, name, hash: hashApiKey(key), prefix: key.slice(0, 8), createdAt: new Date() });
    return { id: doc.id as string, key };
  }

  /**
   * The workspace a key belongs to. Every ingest request asks, so known keys are remembered
   * briefly (`keyCacheMs`); revoking a key must forget it here, and other API processes stop
   * accepting it within that time.
   */
  async workspaceForKey(key: string): Promise<string | undefined> {
    const hash = hashApiKey(key);
    const cached = this.knownKeys.get(hash);
    if (cached && cached.until > Date.now()) return cached.workspaceId;
    const doc = await this.apiKeys.findOne({ hash }).lean();
    if (!doc || doc.revokedAt) {
      this.knownKeys.delete(hash);
      return undefined;
    }
    // Oldest first: when full, the key remembered longest ago makes room.
    if (this.knownKeys.size >= maxCachedKeys) this.knownKeys.delete(this.knownKeys.keys().next().value!);
    this.knownKeys.delete(hash);
    this.knownKeys.set(hash, { workspaceId: doc.workspaceId, until: Date.now() + keyCacheMs });
    return doc.workspaceId;
  }

  async get(workspaceId: string): Promise<WorkspaceView> {
    const workspace = await this.workspaces.findById(workspaceId);
    if (!workspace) throw problems.notFound('The workspace');
    return this.view(workspace);
  }

  private view(doc: Workspace & { id?: unknown; createdAt?: Date }): WorkspaceView {
    return { id: String(doc.id), name: doc.name, timezone: doc.timezone ?? 'UTC', createdAt: (doc.createdAt ?? new Date()).toISOString() };
  }
}
