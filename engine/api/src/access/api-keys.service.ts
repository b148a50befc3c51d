import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isObjectIdOrHexString, Model } from 'mongoose';
import { problems } from '../common/problem';
import { ApiKey } from './access.schema';
import { AuditLog } from './audit-log.service';
import { ApiKeyScope, scopePermissions } from './permissions';
import { Actor, Principal } from './principal';
import { issueToken, readToken, secretMatches } from './tokens';

export interface ApiKeyView {
  id: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** How long a known API key is trusted without reading it again (other API processes see a revoke within this). */
const keyCacheMs = 10_000;
const maxCachedKeys = 10_000;

interface KnownKey {
  workspaceId: string;
  name: string;
  scope: ApiKeyScope;
  hash: string;
  until: number;
}

/** Workspace API keys: issued once, listed without their secret, revoked at once in this process. */
@Injectable()
export class ApiKeysService {
  private readonly known = new Map<string, KnownKey>();

  constructor(
    @InjectModel('ApiKey') private readonly keys: Model<ApiKey>,
    private readonly audit: AuditLog,
  ) {}

  async create(workspaceId: string, input: { name: string; scope: ApiKeyScope }, actor: Actor): Promise<ApiKeyView & { key: string }> {
    const { id, token, hash } = issueToken('apiKey');
    const doc = await this.keys.create({ _id: id, workspaceId, name: input.name, scope: input.scope, hash, prefix: token.slice(0, 12), createdBy: actor.id, createdAt: new Date() });
    await this.audit.record(workspaceId, actor, 'api_key.created', { type: 'api_key', id }, { name: input.name, scope: input.scope });
    return { ...this.view(doc), key: token };
  }

  async list(workspaceId: string): Promise<ApiKeyView[]> {
    const docs = await this.keys.find({ workspaceId }).sort({ createdAt: 1 }).lean();
    return docs.map((doc) => this.view(doc));
  }

  async revoke(workspaceId: string, id: string, actor: Actor): Promise<ApiKeyView> {
    const doc = isObjectIdOrHexString(id) ? await this.keys.findOneAndUpdate({ _id: id, workspaceId }, { $set: { revokedAt: new Date() } }, { new: true }).lean() : null;
    if (!doc) throw problems.notFound(`API key ${id}`);
    this.known.delete(id);
    await this.audit.record(workspaceId, actor, 'api_key.revoked', { type: 'api_key', id }, { name: doc.name });
    return this.view(doc);
  }

  /** Who a key acts as, or undefined for an unknown, malformed or revoked one. Known keys are remembered briefly. */
  async principal(token: string): Promise<Principal | undefined> {
    const read = readToken('apiKey', token);
    if (!read) return undefined;
    let key = this.known.get(read.id);
    if (!key || key.until <= Date.now()) {
      const doc = await this.keys.findById(read.id).lean();
      this.known.delete(read.id);
      if (!doc || doc.revokedAt) return undefined;
      key = { workspaceId: doc.workspaceId, name: doc.name, scope: doc.scope as ApiKeyScope, hash: doc.hash, until: Date.now() + keyCacheMs };
      // Oldest first: when full, the key remembered longest ago makes room.
      if (this.known.size >= maxCachedKeys) this.known.delete(this.known.keys().next().value!);
      this.known.set(read.id, key);
    }
    if (!secretMatches(read.secret, key.hash)) return undefined;
    return { workspaceId: key.workspaceId, actor: { kind: 'apiKey', id: read.id, name: key.name }, permissions: new Set(scopePermissions[key.scope]) };
  }

  private view(doc: ApiKey & { _id: unknown }): ApiKeyView {
    return {
      id: String(doc._id),
      name: doc.name,
      scope: doc.scope as ApiKeyScope,
      prefix: doc.prefix,
      createdAt: doc.createdAt.toISOString(),
      revokedAt: doc.revokedAt?.toISOString() ?? null,
    };
  }
}
