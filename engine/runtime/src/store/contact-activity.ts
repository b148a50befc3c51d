import { activityField } from '@trellis/journey';
import { Model, trusted } from 'mongoose';
import { Contact } from './contact.schema';

/**
 * What a contact's events add up to, kept on the contact as the events arrive, so rules over a
 * person's whole history ("no order for 30 days", "spent over 1,000", "RFM 5-5-5") are one
 * field comparison instead of a scan of their events:
 * - `activity.<event>`: count, first and last time of each event name;
 * - `computed`: orders count, total spent, first and last order, and the RFM scores.
 */

/** Events that are orders: ours and the Segment e-commerce spec's. */
export const orderEventNames: readonly string[] = ['order_paid', 'Order Completed'];

/** Where an order's amount is read, first found wins (Segment's `revenue`/`total`, or a plain `amount`). */
const amountProperties = ['revenue', 'total', 'amount'] as const;

/** A number a rule may compare, or 0 for anything else (an order with no usable amount still counts). */
export function orderAmount(properties: Record<string, unknown>): number {
  for (const key of amountProperties) {
    const value = properties[key];
    const amount = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof amount === 'number' && Number.isFinite(amount) && amount >= 0) return amount;
  }
  return 0;
}

/** Events whose name starts with "$" are Trellis's own (an identify, a segment entry): not counted. */
export function countsAsActivity(name: string): boolean {
  return !name.startsWith('$');
}

export interface CountedEvent {
  name: string;
  at: Date;
  properties: Record<string, unknown>;
}

/** The update operators that add these events (new to the store: each counted once) to one contact. */
export function activityUpdate(events: readonly CountedEvent[]): ActivityUpdate | undefined {
  const $inc: Record<string, number> = {};
  const $min: Record<string, Date> = {};
  const $max: Record<string, Date> = {};
  const earliest = (path: string, at: Date) => {
    if (!$min[path] || at < $min[path]) $min[path] = at;
  };
  const latest = (path: string, at: Date) => {
    if (!$max[path] || at > $max[path]) $max[path] = at;
  };
  for (const event of events) {
    if (!countsAsActivity(event.name)) continue;
    const field = `activity.${activityField(event.name)}`;
    $inc[`${field}.count`] = ($inc[`${field}.count`] ?? 0) + 1;
    earliest(`${field}.firstAt`, event.at);
    latest(`${field}.lastAt`, event.at);
    if (!orderEventNames.includes(event.name)) continue;
    $inc['computed.ordersCount'] = ($inc['computed.ordersCount'] ?? 0) + 1;
    $inc['computed.totalSpent'] = ($inc['computed.totalSpent'] ?? 0) + orderAmount(event.properties);
    earliest('computed.firstOrderAt', event.at);
    latest('computed.lastOrderAt', event.at);
  }
  return updateOf($inc, $min, $max);
}

export interface ActivityUpdate {
  $inc: Record<string, number>;
  $min?: Record<string, Date>;
  $max?: Record<string, Date>;
}

/** The operators with something in them (an empty one is an error to some servers), or undefined for nothing to do. */
function updateOf($inc: Record<string, number>, $min: Record<string, Date>, $max: Record<string, Date>): ActivityUpdate | undefined {
  if (!Object.keys($inc).length) return undefined;
  return { $inc, ...(Object.keys($min).length ? { $min } : {}), ...(Object.keys($max).length ? { $max } : {}) };
}

const dayMs = 86_400_000;

/**
 * RFM bands, each scored 1 (weakest) to 5: recency by days since the last order (at most),
 * frequency by orders and monetary by total spent (at least).
 */
export const rfmBands = {
  recencyDays: [7, 30, 90, 180],
  frequency: [2, 3, 5, 10],
  monetary: [300, 1000, 2000, 5000],
} as const;

export interface RfmScore {
  recency: number;
  frequency: number;
  monetary: number;
  /** The three as one number, e.g. 545: "recent, frequent, not quite the top spenders". */
  score: number;
  /** When recency next drops a band without a new order: the sweep rescores contacts past it. */
  recencyUntil?: Date;
}

/** The contact's RFM scores now, from its order totals; undefined before its first order. */
export function rfmOf(computed: { ordersCount?: number; totalSpent?: number; lastOrderAt?: Date } | undefined, nowMs: number): RfmScore | undefined {
  if (!computed?.ordersCount || !computed.lastOrderAt) return undefined;
  const ageMs = Math.max(0, nowMs - computed.lastOrderAt.getTime());
  const band = rfmBands.recencyDays.findIndex((days) => ageMs <= days * dayMs);
  const recency = band === -1 ? 1 : 5 - band;
  const atLeast = (value: number, bands: readonly number[]) => 1 + bands.filter((bound) => value >= bound).length;
  const frequency = atLeast(computed.ordersCount, rfmBands.frequency);
  const monetary = atLeast(computed.totalSpent ?? 0, rfmBands.monetary);
  const recencyUntil = band === -1 ? undefined : new Date(computed.lastOrderAt.getTime() + rfmBands.recencyDays[band]! * dayMs + 1);
  return { recency, frequency, monetary, score: recency * 100 + frequency * 10 + monetary, ...(recencyUntil ? { recencyUntil } : {}) };
}

/** Whether two scores differ in what rules can read (`recencyUntil` follows from the rest). */
export function sameRfm(a: RfmScore | undefined, b: RfmScore | undefined): boolean {
  return a?.score === b?.score && a?.recencyUntil?.getTime() === b?.recencyUntil?.getTime();
}

/** The contact fields an update of `activityUpdate` changes (what segments reading them must look at again). */
export function changedBy(update: ActivityUpdate | undefined): string[] {
  const paths = Object.keys(update?.$inc ?? {}).map((path) => (path.startsWith('computed.') ? 'computed' : path.slice(0, path.lastIndexOf('.'))));
  return [...new Set(paths)];
}

type ActivityContacts = Model<Contact>;

/**
 * Adds events just stored (each once: callers pass only events that were new) to their
 * contacts' activity counters and order totals, and rescores RFM where orders came in: one
 * bulk write for all contacts, then one read of those with new orders. Returns the fields changed.
 */
export async function recordActivity(contacts: ActivityContacts, workspaceId: string, eventsByContact: ReadonlyMap<string, readonly CountedEvent[]>, nowMs = Date.now()): Promise<string[]> {
  const updates = activityUpdates(eventsByContact);
  if (!updates.size) return [];
  await contacts.bulkWrite(
    [...updates].map(([contactId, update]) => ({ updateOne: { filter: { _id: contactId, workspaceId }, update } })),
    { ordered: false },
  );
  return rescoreOrdered(contacts, workspaceId, updates, nowMs);
}

/** Each contact's `activityUpdate`, for the contacts with something to count. */
export function activityUpdates(eventsByContact: ReadonlyMap<string, readonly CountedEvent[]>): Map<string, ActivityUpdate> {
  const updates = new Map<string, ActivityUpdate>();
  for (const [contactId, events] of eventsByContact) {
    const update = activityUpdate(events);
    if (update) updates.set(contactId, update);
  }
  return updates;
}

/** After `updates` were written: rescores the contacts that got orders; returns the fields changed. */
export async function rescoreOrdered(contacts: ActivityContacts, workspaceId: string, updates: ReadonlyMap<string, ActivityUpdate>, nowMs = Date.now()): Promise<string[]> {
  const ordered = [...updates].filter(([, update]) => 'computed.ordersCount' in update.$inc).map(([contactId]) => contactId);
  if (ordered.length) await rescoreRfm(contacts, workspaceId, ordered, nowMs);
  return [...new Set([...updates.values()].flatMap(changedBy))];
}

/**
 * Brings the RFM scores of these contacts up to date with their order totals and the clock.
 * Each write applies only while the orders count it was computed from still holds, so a score
 * computed from an older total never overwrites a newer one.
 */
export async function rescoreRfm(contacts: ActivityContacts, workspaceId: string, contactIds: readonly string[], nowMs = Date.now()): Promise<number> {
  let rescored = 0;
  for (let start = 0; start < contactIds.length; start += 1000) {
    // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
    const found = await contacts.find({ _id: trusted({ $in: contactIds.slice(start, start + 1000) }), workspaceId }, { computed: 1 }).lean();
    rescored += await rescoreRead(contacts, found, nowMs);
  }
  return rescored;
}

/**
 * `rescoreRfm` for contacts already read, order totals included (as an update returned them):
 * writes only the scores that changed; returns how many did.
 */
export async function rescoreRead(contacts: ActivityContacts, read: readonly { _id: unknown; computed?: unknown }[], nowMs = Date.now()): Promise<number> {
  const changes = read.flatMap((contact) => {
    const computed = contact.computed as StoredComputed | undefined;
    const rfm = rfmOf(computed, nowMs);
    if (!computed || sameRfm(rfm, computed.rfm)) return [];
    return [{ updateOne: { filter: { _id: contact._id, 'computed.ordersCount': computed.ordersCount }, update: rfm ? { $set: { 'computed.rfm': rfm } } : { $unset: { 'computed.rfm': '' } } } }];
  });
  if (changes.length) await contacts.bulkWrite(changes as never, { ordered: false });
  return changes.length;
}

/** Contacts whose recency band has run out by now (the periodic sweep rescores them). */
export async function contactsDueForRescore(contacts: ActivityContacts, workspaceId: string, now: Date): Promise<string[]> {
  const due = await contacts.find({ workspaceId, 'computed.rfm.recencyUntil': trusted({ $lte: now }) }, { _id: 1 }).lean();
  return due.map((contact) => String(contact._id));
}

/** `computed` as stored on a contact. */
export interface StoredComputed {
  ordersCount?: number;
  totalSpent?: number;
  firstOrderAt?: Date;
  lastOrderAt?: Date;
  rfm?: RfmScore;
}

type StoredActivity = Record<string, { count?: number; firstAt?: Date; lastAt?: Date }>;

/** What a contact merged into another adds to that one's counters and order totals. */
export function mergedActivityUpdate(loser: { activity?: unknown; computed?: unknown }): ActivityUpdate | undefined {
  const $inc: Record<string, number> = {};
  const $min: Record<string, Date> = {};
  const $max: Record<string, Date> = {};
  for (const [field, stats] of Object.entries((loser.activity ?? {}) as StoredActivity)) {
    if (stats.count) $inc[`activity.${field}.count`] = stats.count;
    if (stats.firstAt) $min[`activity.${field}.firstAt`] = stats.firstAt;
    if (stats.lastAt) $max[`activity.${field}.lastAt`] = stats.lastAt;
  }
  const computed = (loser.computed ?? {}) as StoredComputed;
  if (computed.ordersCount) {
    $inc['computed.ordersCount'] = computed.ordersCount;
    $inc['computed.totalSpent'] = computed.totalSpent ?? 0;
    if (computed.firstOrderAt) $min['computed.firstOrderAt'] = computed.firstOrderAt;
    if (computed.lastOrderAt) $max['computed.lastOrderAt'] = computed.lastOrderAt;
  }
  return updateOf($inc, $min, $max);
}
