import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ApiKeysService, ApiKeyView } from '../access/api-keys.service';
import { AuditLog } from '../access/audit-log.service';
import { OperatorsService } from '../access/operators.service';
import { Actor } from '../access/principal';
import { problems } from '../common/problem';
import { Workspace } from './workspace.schema';

export interface WorkspaceView {
  id: string;
  name: string;
  timezone: string;
  webhookAllowedHosts: string[];
  createdAt: string;
}

const installation: Actor = { kind: 'installation', id: 'installation', name: 'installation admin' };

@Injectable()
export class WorkspacesService {
  constructor(
    @InjectModel('Workspace') private readonly workspaces: Model<Workspace>,
    private readonly apiKeys: ApiKeysService,
    private readonly operators: OperatorsService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * A workspace with an admin API key (shown once) and, when an owner is given, its first admin
   * operator: a new account, or an existing one proven by its password.
   */
  async create(input: { name: string; timezone: string; owner?: { email: string; name: string; password: string } }): Promise<{
    workspace: WorkspaceView;
    apiKey: ApiKeyView & { key: string };
    owner?: { id: string; email: string };
  }> {
    const owner = input.owner && (await this.operators.createOperator(input.owner));
    const workspace = await this.workspaces.create({ name: input.name, timezone: input.timezone });
    const workspaceId = String(workspace._id);
    await this.audit.record(workspaceId, installation, 'workspace.created', { type: 'workspace', id: workspaceId }, { name: input.name });
    if (owner) {
      await this.operators.addMember(workspaceId, owner.id, 'admin');
      await this.audit.record(workspaceId, installation, 'member.added', { type: 'operator', id: owner.id }, { email: owner.email, role: 'admin' });
    }
    const apiKey = await this.apiKeys.create(workspaceId, { name: 'default', scope: 'admin' }, installation);
    return { workspace: this.view(workspace), apiKey, ...(owner ? { owner: { id: owner.id, email: owner.email } } : {}) };
  }

  /** Renames the workspace, changes its zone or the hosts its webhooks may reach inside the network. */
  async update(workspaceId: string, change: { name?: string; timezone?: string; webhookAllowedHosts?: string[] }, actor: Actor): Promise<WorkspaceView> {
    const workspace = await this.workspaces.findByIdAndUpdate(workspaceId, { $set: change }, { new: true });
    if (!workspace) throw problems.notFound('The workspace');
    await this.audit.record(workspaceId, actor, 'workspace.updated', { type: 'workspace', id: workspaceId }, change);
    return this.view(workspace);
  }

  async get(workspaceId: string): Promise<WorkspaceView> {
    const workspace = await this.workspaces.findById(workspaceId);
    if (!workspace) throw problems.notFound('The workspace');
    return this.view(workspace);
  }

  private view(doc: Workspace & { id?: unknown; createdAt?: Date }): WorkspaceView {
    return { id: String(doc.id), name: doc.name, timezone: doc.timezone ?? 'UTC', webhookAllowedHosts: doc.webhookAllowedHosts ?? [], createdAt: (doc.createdAt ?? new Date()).toISOString() };
  }
}
