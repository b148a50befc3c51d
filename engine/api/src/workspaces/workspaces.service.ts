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

@Injectable()
export class WorkspacesService {
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

  async workspaceForKey(key: string): Promise<string | undefined> {
    const doc = await this.apiKeys.findOne({ hash: hashApiKey(key) }).lean();
    return doc && !doc.revokedAt ? doc.workspaceId : undefined;
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
