import type { LifecycleStage } from '@trellis/journey';

/** Channels a person consents to on their own (the API's `consentChannels`). */
export const consentChannels = ['wecom', 'sms', 'email', 'push'] as const;
export type ConsentChannel = (typeof consentChannels)[number];
export type SubscriptionState = 'subscribed' | 'unsubscribed';

/** A contact as `GET /v1/contacts/:externalId` shows it (engine/api/src/contacts/contact-view.ts). */
export interface Contact {
  id: string;
  externalId: string | null;
  identities: { kind: string; value: string }[];
  traits: Record<string, unknown>;
  tags: string[];
  groups: string[];
  lifecycleStage: LifecycleStage | null;
  timezone: string | null;
  subscriptions: Partial<Record<ConsentChannel, SubscriptionState>>;
  suppressions: Record<string, { reason: string; at: string }>;
  openHandoffs: number;
  wecomOwner: string | null;
  lastEventAt: string | null;
  computed: {
    ordersCount: number;
    totalSpent: number;
    firstOrderAt: string | null;
    lastOrderAt: string | null;
    rfm: { recency: number; frequency: number; monetary: number; score: number } | null;
  };
  activity: Record<string, { count: number; firstAt: string | null; lastAt: string | null }>;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface ContactPage {
  contacts: Contact[];
  next: string | null;
}

/** The first id of this kind the contact is known by. */
export function identityOf(contact: Pick<Contact, 'identities'>, kind: string): string | undefined {
  return contact.identities.find((identity) => identity.kind === kind)?.value;
}

/** Where a contact's page is, relative to the contacts screen; contacts without a user id have none. */
export function contactHref(contact: Pick<Contact, 'externalId'>): string | undefined {
  return contact.externalId === null ? undefined : `/${encodeURIComponent(contact.externalId)}`;
}

export function contactPath(externalId: string): string {
  return `/v1/contacts/${encodeURIComponent(externalId)}`;
}
