import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';

/** How long a cached reading of a workspace's routes may be used without its version moving: a backstop, see below. */
const backstopMs = 60_000;
/** Workspaces whose routes one process keeps; beyond this the cache starts afresh. */
const maxWorkspaces = 10_000;

interface RouteVersion {
  _id: string;
  version: number;
}

/**
 * Every event needs the workspace's live journeys (`JourneysService.routes`), and reading them
 * means reading every journey, drafts and all: on FerretDB a query on anything but `_id` reads
 * and decodes the whole collection. So each process keeps the routes it read, tagged with the
 * workspace's routing version (`route_versions`, one small document per workspace), and an event
 * only reads that version by `_id`: the routes are read again when a publish, pause, resume or
 * archive has moved it on. Those writers move the version after their own write, so no reader can
 * keep routes older than a change it was told about; a writer that dies between the two leaves
 * other processes with older routes for at most the backstop.
 */
@Injectable()
export class JourneyRoutesCache {
  private readonly cached = new Map<string, { version: number; readAt: number; routes: Promise<unknown> }>();

  constructor(@InjectConnection() private readonly connection: Connection) {}

  private get versions() {
    return this.connection.collection<RouteVersion>('route_versions');
  }

  /** The routes as of the workspace's current routing version, read with `read` when that moved. */
  async of<T>(workspaceId: string, read: () => Promise<T>): Promise<T> {
    const version = (await this.versions.findOne({ _id: workspaceId }))?.version ?? 0;
    const now = Date.now();
    const known = this.cached.get(workspaceId);
    if (known && known.version === version && now - known.readAt < backstopMs) return known.routes as Promise<T>;
    if (this.cached.size >= maxWorkspaces) this.cached.clear();
    const routes = read();
    this.cached.set(workspaceId, { version, readAt: now, routes });
    // A failed read is not kept: the next event reads again.
    routes.catch(() => this.cached.get(workspaceId)?.routes === routes && this.cached.delete(workspaceId));
    return routes;
  }

  /** After a change to a journey's status, published version or routing: every process reads the routes again. */
  async changed(workspaceId: string): Promise<void> {
    await this.versions.updateOne({ _id: workspaceId }, { $inc: { version: 1 } }, { upsert: true });
  }
}
