import { addCounts, CountedStep, countSteps, emptyCounts, nodeCounterKeys, StatCounts } from '@trellis/journey';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { driverCollection } from '../store/driver-collection';
import { isDuplicateKeyError } from '../store/errors';
import { JourneyDayStats, StatInbox } from '../store/journey-stats.schema';
import { RuntimeModels } from '../store/models';

/** How long a folder may hold a journey before another may take over (a folder that died). */
const leaseMs = 30_000;
/** Batches folded at once. */
const foldLimit = 5_000;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
/** A version's totals for one day, or (`day` "all") for all time. */
const totalsId = (journeyId: string, version: number, day: string) => `${journeyId}:${version}:${day}`;
const allTime = 'all';
const leaseId = (journeyId: string) => `lease:${journeyId}`;

/** Items grouped by key, in order (a fold groups thousands of batches: no copying per item). */
function groupBy<T, V>(items: readonly T[], keyOf: (item: T) => string, valueOf: (item: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(valueOf(item));
    else groups.set(keyOf(item), [valueOf(item)]);
  }
  return groups;
}

function isEmpty(counts: StatCounts): boolean {
  return !counts.enrolled && !counts.goals && !Object.keys(counts.nodes).length && !Object.keys(counts.exits).length && !Object.keys(counts.arms).length;
}

/** The `$inc` of a sum of batches: `enrolled`, `nodes.<id>.entered`, `nodes.<id>.ports.<port>`, `exits.<reason>`, `arms.<split>.<arm>.contacts`… */
function increments(counts: StatCounts): Record<string, number> {
  const paths: Record<string, number> = {};
  const add = (path: string, value: number | undefined) => {
    if (value) paths[path] = value;
  };
  add('enrolled', counts.enrolled);
  for (const [bucket, count] of Object.entries(counts.convertAfter)) add(`convertAfter.${bucket}`, count);
  add('goals', counts.goals);
  for (const [nodeId, node] of Object.entries(counts.nodes)) {
    for (const key of nodeCounterKeys) add(`nodes.${nodeId}.${key}`, node[key]);
    for (const [port, count] of Object.entries(node.ports ?? {})) add(`nodes.${nodeId}.ports.${port}`, count);
  }
  for (const [reason, count] of Object.entries(counts.exits)) add(`exits.${reason}`, count);
  for (const [splitId, arms] of Object.entries(counts.arms)) {
    for (const [armId, arm] of Object.entries(arms)) {
      add(`arms.${splitId}.${armId}.contacts`, arm.contacts);
      add(`arms.${splitId}.${armId}.conversions`, arm.conversions);
    }
  }
  return paths;
}

function countsOf(day: JourneyDayStats): StatCounts {
  return { enrolled: day.enrolled ?? 0, nodes: day.nodes ?? {}, exits: day.exits ?? {}, goals: day.goals ?? 0, arms: day.arms ?? {}, convertAfter: day.convertAfter ?? {} };
}

export interface StatsQuery {
  /** The newest published version: versions 1 to it are read unless one is asked for. */
  latestVersion: number;
  version?: number;
  /** First and last UTC day (`YYYY-MM-DD`) of the period, inclusive; all time without either. */
  from?: string;
  to?: string;
  /** The journey's first day: an open-ended period starts there. */
  since: string;
}

/** The UTC days from `from` to `to`, inclusive. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}

/**
 * Journey statistics kept incrementally and exactly, on a store with single-document atomicity
 * and no transactions (FerretDB, or MongoDB without them):
 *
 * 1. The worker logs a batch of steps, then puts the batch's counts in the inbox under the id of
 *    its first step (`collect`). A retried batch finds its inbox entry there (same id).
 * 2. A folder (the worker every few seconds; the API before it reads) holds a journey's lease and
 *    adds waiting batches to their day's totals and their version's all-time totals, listing them
 *    in each one's `pending`, then marks each batch's first step `counted`, deletes the batches
 *    from the inbox and unlists them.
 *    Interrupted anywhere, the next fold finishes: a batch listed as pending was added; one whose
 *    first step is counted was added and is dropped — so a batch retried after it was folded
 *    (a worker killed between logging and answering) never counts twice.
 *
 * A stats read fetches totals by id: one document per version for all time, and one per version
 * and day of a period asked for, however many steps were logged.
 */
export function journeyStatsStore(models: Pick<RuntimeModels, 'statInbox' | 'journeyStats' | 'steps'>) {
  const inbox = driverCollection(models.statInbox);
  const totals = driverCollection(models.journeyStats);
  const steps = models.steps.collection;

  /** Puts a logged batch's counts in the inbox (nothing for a batch that counts nothing). */
  async function collect(batch: { batchId: string; workspaceId: string; journeyId: string; version: number; at: Date; steps: readonly CountedStep[] }): Promise<void> {
    const counts = countSteps(batch.steps);
    if (isEmpty(counts)) return;
    try {
      await inbox.insertOne({ _id: batch.batchId, workspaceId: batch.workspaceId, journeyId: batch.journeyId, version: batch.version, day: dayOf(batch.at), counts });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Takes the journey's lease for one fold (each its own holder: two folds in one process exclude each other too). */
  async function lease(journeyId: string, holder: string): Promise<boolean> {
    const nowMs = Date.now();
    try {
      await totals.updateOne({ _id: leaseId(journeyId), until: { $lt: new Date(nowMs) } }, { $set: { owner: holder, until: new Date(nowMs + leaseMs) } }, { upsert: true });
      return true;
    } catch (error) {
      // Held by another folder: the upsert found no document it may take, and the id is taken.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Adds one journey's waiting batches to their days' and versions' totals; the caller holds the journey's lease. */
  async function foldJourney(batches: readonly StatInbox[]): Promise<void> {
    const ids = batches.map((batch) => batch._id);
    // Each batch goes to two totals: its day's, and its version's for all time.
    const targets = groupBy(
      batches.flatMap((batch) => [batch.day, allTime].map((day) => ({ id: totalsId(batch.journeyId, batch.version, day), batch }))),
      (target) => target.id,
      (target) => target.batch,
    );
    const [firstSteps, existing] = await Promise.all([
      steps.find({ _id: { $in: ids } } as object, { projection: { counted: 1 } }).toArray(),
      totals.find({ _id: { $in: [...targets.keys()] } }, { projection: { pending: 1 } }).toArray(),
    ]);
    const counted = new Set(firstSteps.filter((step) => step.counted === true).map((step) => String(step._id)));
    const pendingIn = new Map(existing.map((doc) => [doc._id, new Set(doc.pending ?? [])]));
    for (const [id, group] of targets) {
      const pending = pendingIn.get(id) ?? new Set<string>();
      const fresh = group.filter((batch) => !counted.has(batch._id) && !pending.has(batch._id));
      if (!fresh.length) continue;
      const sum = fresh.reduce((total, batch) => addCounts(total, batch.counts), emptyCounts());
      const { workspaceId, journeyId, version } = group[0]!;
      await totals.updateOne(
        { _id: id, pending: { $nin: fresh.map((batch) => batch._id) } },
        {
          $inc: increments(sum),
          $push: { pending: { $each: fresh.map((batch) => batch._id) } },
          $setOnInsert: { workspaceId, journeyId, version, day: id.slice(id.lastIndexOf(':') + 1) },
        },
        { upsert: true },
      );
    }
    // Added everywhere it goes: counted, out of the inbox, unlisted.
    const added = ids.filter((id) => !counted.has(id));
    if (added.length) await steps.updateMany({ _id: { $in: added } } as object, { $set: { counted: true } });
    await inbox.deleteMany({ _id: { $in: ids } });
    if (added.length) await Promise.all([...targets.keys()].map((id) => totals.updateOne({ _id: id }, { $pullAll: { pending: added } })));
  }

  /**
   * Folds waiting batches (of one journey, or all), a journey at a time under its lease. Returns
   * how many batches it folded, and whether a journey was left because another folder held it.
   */
  async function fold(journeyId?: string): Promise<{ folded: number; busy: boolean }> {
    const batches = await inbox.find(journeyId ? { journeyId } : {}).limit(foldLimit).toArray();
    const byJourney = groupBy(batches, (batch) => batch.journeyId, (batch) => batch);
    let folded = 0;
    let busy = false;
    for (const [id, group] of byJourney) {
      const holder = randomUUID();
      if (!(await lease(id, holder))) {
        busy = true;
        continue;
      }
      try {
        await foldJourney(group);
        folded += group.length;
      } finally {
        await totals.updateOne({ _id: leaseId(id), owner: holder }, { $set: { until: new Date(0) } });
      }
    }
    return { folded, busy };
  }

  /** Folds everything waiting for the journey, waiting out (up to ~5 s) another folder holding it. */
  async function foldAll(journeyId: string): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const { folded, busy } = await fold(journeyId);
      if (!busy && folded < foldLimit) return;
      if (busy) await sleep(100);
    }
  }

  /**
   * The journey's counts, folded up to now: over the period asked for (all time without one), and
   * over all time (what is true now: who is active, who waits where), for one version or all.
   * Every document is fetched by id.
   */
  async function read(journeyId: string, query: StatsQuery): Promise<{ period: StatCounts; allTime: StatCounts; versions: number[] }> {
    await foldAll(journeyId);
    const versions = Array.from({ length: query.latestVersion }, (_, index) => index + 1);
    const wanted = query.version === undefined ? versions : [query.version];
    const ranged = query.from !== undefined || query.to !== undefined;
    const days = ranged ? daysBetween(query.from && query.from > query.since ? query.from : query.since, query.to ?? dayOf(new Date())) : [];
    const ids = wanted.flatMap((version) => [allTime, ...days].map((day) => totalsId(journeyId, version, day)));
    const found = ids.length ? await totals.find({ _id: { $in: ids } }).toArray() : [];
    const sum = (docs: JourneyDayStats[]) => docs.reduce((total, doc) => addCounts(total, countsOf(doc)), emptyCounts());
    const whole = sum(found.filter((doc) => doc.day === allTime));
    return { period: ranged ? sum(found.filter((doc) => doc.day !== allTime)) : whole, allTime: whole, versions };
  }

  return { collect, fold, read };
}

export type JourneyStatsStore = ReturnType<typeof journeyStatsStore>;

/**
 * Folds the stats inbox in the background, one fold after another with a pause between, so the
 * inbox stays small (a stats read folds what is left). Errors are reported and the next round
 * tries again: the inbox keeps every batch until it is folded.
 */
export function foldContinuously(store: JourneyStatsStore, options: { pauseMs?: number; onError?: (error: unknown) => void } = {}): { stop(): Promise<void> } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const { folded } = await store.fold();
        if (folded) continue;
      } catch (error) {
        options.onError?.(error);
      }
      await sleep(options.pauseMs ?? 5_000);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
