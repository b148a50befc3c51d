import { ContactDoc } from '@trellis/runtime';

/** A contact as the API shows it. */
export function contactView(doc: ContactDoc & { createdAt?: Date; updatedAt?: Date }) {
  return {
    id: String(doc._id),
    externalId: doc.externalId ?? null,
    identities: (doc.identities ?? []).map(({ kind, value }) => ({ kind, value })),
    traits: (doc.traits ?? {}) as Record<string, unknown>,
    tags: doc.tags ?? [],
    lifecycleStage: doc.lifecycleStage ?? null,
    timezone: doc.timezone ?? null,
    subscriptions: (doc.subscriptions ?? {}) as Record<string, string>,
    lastEventAt: doc.lastEventAt?.toISOString() ?? null,
    createdAt: doc.createdAt?.toISOString() ?? null,
    updatedAt: doc.updatedAt?.toISOString() ?? null,
  };
}
