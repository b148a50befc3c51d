import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FunnelRow, journeyFunnel, journeyStats, JourneyStats, Plan } from '@trellis/journey';
import { JourneyDayStats, journeyStatsStore, JourneyVersion, MessageSend, StatInbox, Step } from '@trellis/runtime';
import { Model } from 'mongoose';
import { problems } from '../common/problem';
import { FunnelQuery, StatsQuery } from './analytics.dto';

/** Per message node and channel: what became of its sends. */
export interface DeliveryRow {
  nodeId: string;
  channel: string;
  sends: number;
  /** Sent, delivery receipts included. */
  sent: number;
  delivered: number;
  /** Waiting for a person (a WeCom task) or held back now. */
  queued: number;
  deferred: number;
  failed: number;
  /** Skipped, by reason code (`cap:daily`, `no_consent`, `quiet_hours` expired as `expired`…). */
  skipped: Record<string, number>;
  /** Held back at least once, by reason (`quiet_hours`, `cap:weekly`), whatever happened next. */
  heldBack: Record<string, number>;
  /** Contacts who unsubscribed through this node's messages. */
  unsubscribes: number;
}

/**
 * The measurement side of journeys: stats from the incrementally kept counts (never a scan of the
 * step log), funnels and A/B results over the same counts, and delivery per message node.
 */
@Injectable()
export class JourneyAnalyticsService {
  private readonly store: ReturnType<typeof journeyStatsStore>;

  constructor(
    @InjectModel('Journey') private readonly journeys: Model<{ workspaceId: string; published?: { version: number }; createdAt?: Date }>,
    @InjectModel('JourneyVersion') private readonly versions: Model<JourneyVersion>,
    @InjectModel('MessageSend') private readonly sends: Model<MessageSend>,
    @InjectModel('StatInbox') statInbox: Model<StatInbox>,
    @InjectModel('JourneyStats') journeyStatsModel: Model<JourneyDayStats>,
    @InjectModel('Step') steps: Model<Step>,
  ) {
    this.store = journeyStatsStore({ statInbox, journeyStats: journeyStatsModel, steps });
  }

  /** What a stats read needs of the journey: its newest version and its first day; a 404 for a journey of another workspace. */
  private async journeyOf(workspaceId: string, journeyId: string): Promise<{ latestVersion: number; since: string }> {
    const journey = await this.journeys.findOne({ _id: journeyId, workspaceId }, { published: 1, createdAt: 1 }).lean();
    if (!journey) throw problems.notFound(`Journey ${journeyId}`);
    return { latestVersion: journey.published?.version ?? 0, since: (journey.createdAt ?? new Date(0)).toISOString().slice(0, 10) };
  }

  /** With the plan of the version asked for, or of the newest published one (none before the first publish). */
  private async planOf(workspaceId: string, journeyId: string, version?: number): Promise<{ plan?: Plan; latestVersion: number; since: string }> {
    const { latestVersion, since } = await this.journeyOf(workspaceId, journeyId);
    const wanted = version ?? (latestVersion || undefined);
    if (wanted === undefined) return { latestVersion, since };
    const doc = await this.versions.findOne({ journeyId, version: wanted }, { plan: 1 }).lean();
    if (!doc) throw problems.notFound(`Version ${wanted} of journey ${journeyId}`);
    return { plan: doc.plan as Plan, latestVersion, since };
  }

  async stats(workspaceId: string, journeyId: string, query: Omit<StatsQuery, 'format'>): Promise<JourneyStats & { journeyId: string; version: number | null; versions: number[]; period: { from: string | null; to: string | null } }> {
    const { plan, latestVersion, since } = await this.planOf(workspaceId, journeyId, query.version);
    const { period, allTime, versions } = await this.store.read(journeyId, { ...query, latestVersion, since });
    const stats = journeyStats(plan ?? emptyPlan, period, allTime);
    return { journeyId, version: query.version ?? null, versions, period: { from: query.from ?? null, to: query.to ?? null }, ...stats };
  }

  async funnel(workspaceId: string, journeyId: string, query: Omit<FunnelQuery, 'format'>): Promise<{ journeyId: string; version: number | null; rows: FunnelRow[] }> {
    const { plan, latestVersion, since } = await this.planOf(workspaceId, journeyId, query.version);
    for (const step of query.steps) {
      if ('node' in step && plan && !plan.nodes[step.node]) throw problems.validation([{ path: 'steps', code: 'unknown_node', message: `the journey has no node "${step.node}"` }]);
    }
    const { period } = await this.store.read(journeyId, { ...query, latestVersion, since });
    return { journeyId, version: query.version ?? null, rows: journeyFunnel(query.steps, period) };
  }

  async delivery(workspaceId: string, journeyId: string, query: Omit<StatsQuery, 'format' | 'version'>): Promise<{ journeyId: string; rows: DeliveryRow[] }> {
    await this.journeyOf(workspaceId, journeyId);
    const docs = await this.sends.find({ workspaceId, journeyId }, { nodeId: 1, channel: 1, status: 1, reason: 1, history: 1, unsubscribedAt: 1, firstTriedAt: 1 }).lean();
    const rows = new Map<string, DeliveryRow>();
    for (const send of docs) {
      const day = send.firstTriedAt.toISOString().slice(0, 10);
      if ((query.from && day < query.from) || (query.to && day > query.to)) continue;
      const key = `${send.nodeId ?? ''}\u0000${send.channel}`;
      const row = rows.get(key) ?? { nodeId: send.nodeId ?? '', channel: send.channel, sends: 0, sent: 0, delivered: 0, queued: 0, deferred: 0, failed: 0, skipped: {}, heldBack: {}, unsubscribes: 0 };
      rows.set(key, row);
      row.sends += 1;
      if (send.status === 'sent' || send.status === 'delivered') row.sent += 1;
      if (send.status === 'delivered') row.delivered += 1;
      if (send.status === 'queued' || send.status === 'sending' || send.status === 'retrying') row.queued += 1;
      if (send.status === 'deferred') row.deferred += 1;
      if (send.status === 'failed') row.failed += 1;
      if (send.status === 'skipped') row.skipped[send.reason ?? 'unknown'] = (row.skipped[send.reason ?? 'unknown'] ?? 0) + 1;
      for (const reason of new Set(send.history.filter((turn) => turn.status === 'deferred' && turn.reason).map((turn) => turn.reason!))) row.heldBack[reason] = (row.heldBack[reason] ?? 0) + 1;
      if (send.unsubscribedAt) row.unsubscribes += 1;
    }
    return { journeyId, rows: [...rows.values()].sort((a, b) => a.nodeId.localeCompare(b.nodeId) || a.channel.localeCompare(b.channel)) };
  }
}

/** The plan of a journey never published: no nodes, no splits. */
const emptyPlan: Plan = {
  formatVersion: 1,
  hash: '',
  name: '',
  triggerNodeId: '',
  settings: {} as Plan['settings'],
  nodes: {},
  entryEvents: [],
  listensTo: { events: [], segments: [], schedules: [], contactChanges: false },
};
