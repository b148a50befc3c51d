import { activityName } from '@trellis/journey';
import { ContactDoc, StoredComputed } from '@trellis/runtime';

/** A contact as the API shows it. */
export function contactView(doc: ContactDoc & { createdAt?: Date; updatedAt?: Date }) {
  return {
    id: String(doc._id),
    externalId: doc.externalId ?? null,
    identities: (doc.identities ?? []).map(({ kind, value }) => ({ kind, value })),
    traits: (doc.traits ?? {}) as Record<string, unknown>,
    tags: doc.tags ?? [],
    groups: doc.groups ?? [],
    lifecycleStage: doc.lifecycleStage ?? null,
    timezone: doc.timezone ?? null,
    subscriptions: (doc.subscriptions ?? {}) as Record<string, string>,
    suppressions: (doc.suppressions ?? {}) as Record<string, { reason: string; at: Date }>,
    openHandoffs: doc.openHandoffs ?? 0,
    wecomOwner: doc.wecomOwner ?? null,
    lastEventAt: doc.lastEventAt?.toISOString() ?? null,
    computed: computedView(doc.computed as StoredComputed | undefined),
    activity: Object.fromEntries(
      Object.entries((doc.activity ?? {}) as Record<string, { count?: number; firstAt?: Date; lastAt?: Date }>).map(([field, stats]) => [
        activityName(field),
        { count: stats.count ?? 0, firstAt: stats.firstAt?.toISOString() ?? null, lastAt: stats.lastAt?.toISOString() ?? null },
      ]),
    ),
    createdAt: doc.createdAt?.toISOString() ?? null,
    updatedAt: doc.updatedAt?.toISOString() ?? null,
  };
}

function computedView(computed: StoredComputed | undefined) {
  return {
    ordersCount: computed?.ordersCount ?? 0,
    totalSpent: computed?.totalSpent ?? 0,
    firstOrderAt: computed?.firstOrderAt?.toISOString() ?? null,
    lastOrderAt: computed?.lastOrderAt?.toISOString() ?? null,
    rfm: computed?.rfm ? { recency: computed.rfm.recency, frequency: computed.rfm.frequency, monetary: computed.rfm.monetary, score: computed.rfm.score } : null,
  };
}
