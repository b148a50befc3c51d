import { TemplateScope } from '@trellis/journey';
import { Contact } from '../store/contact.schema';

/**
 * What a template may read of a contact. Values the contact lacks are left out, so strict Liquid
 * names them at render instead of printing a blank.
 */
export function templateScope(contact: Contact & { _id: unknown }, unsubscribeUrl: string): TemplateScope {
  const idOf = (kind: string) => contact.identities?.find((identity) => identity.kind === kind)?.value;
  const known = {
    id: String(contact._id),
    userId: contact.externalId ?? undefined,
    email: idOf('email'),
    phone: idOf('phone'),
    lifecycleStage: contact.lifecycleStage ?? undefined,
    timezone: contact.timezone ?? undefined,
  };
  return {
    contact: {
      ...Object.fromEntries(Object.entries(known).filter(([, value]) => value !== undefined)),
      tags: contact.tags ?? [],
      groups: contact.groups ?? [],
      traits: (contact.traits ?? {}) as Record<string, unknown>,
    },
    unsubscribeUrl,
  };
}
