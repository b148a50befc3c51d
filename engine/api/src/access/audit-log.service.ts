import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isObjectIdOrHexString, Model, trusted } from 'mongoose';
import { problems } from '../common/problem';
import { AuditEvent } from './access.schema';
import { Actor } from './principal';

export interface AuditView {
  id: string;
  at: string;
  actor: Actor;
  action: string;
  target: { type: string; id: string };
  details?: Record<string, unknown>;
}

/** The workspace's audit log: who published, paused, archived, changed access or channels, and when. */
@Injectable()
export class AuditLog {
  constructor(@InjectModel('AuditEvent') private readonly events: Model<AuditEvent>) {}

  async record(workspaceId: string, actor: Actor, action: string, target: { type: string; id: string }, details?: Record<string, unknown>): Promise<void> {
    await this.events.create({ workspaceId, at: new Date(), actor, action, target, ...(details ? { details } : {}) });
  }

  /** Newest first, a page at a time: `before` is the `next` cursor of the previous page. */
  async list(workspaceId: string, page: { limit: number; before?: string }): Promise<{ events: AuditView[]; next: string | null }> {
    if (page.before !== undefined && !isObjectIdOrHexString(page.before)) throw problems.validation([{ path: 'before', code: 'invalid_cursor', message: 'Use the "next" value of the previous page.' }]);
    // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
    const filter = { workspaceId, ...(page.before ? { _id: trusted({ $lt: page.before }) } : {}) };
    const docs = await this.events.find(filter).sort({ _id: -1 }).limit(page.limit + 1).lean();
    const events = docs.slice(0, page.limit).map((doc) => ({
      id: String(doc._id),
      at: doc.at.toISOString(),
      actor: { kind: doc.actor.kind as Actor['kind'], id: doc.actor.id, name: doc.actor.name },
      action: doc.action,
      target: { type: doc.target.type, id: doc.target.id },
      ...(doc.details ? { details: doc.details as Record<string, unknown> } : {}),
    }));
    return { events, next: docs.length > page.limit ? events[events.length - 1]!.id : null };
  }
}
