import { Contact, ContactDoc } from '@trellis/runtime';
import { Model, trusted } from 'mongoose';
import { contactView } from './contact-view';

/**
 * A page of memberships (of a segment, a group) shown with their contacts, read in one query by
 * id; a membership whose contact is gone is left out.
 */
export async function withContacts<M extends { contactId: string }, V>(
  contacts: Model<Contact>,
  workspaceId: string,
  memberships: readonly M[],
  view: (membership: M) => V,
): Promise<(V & { contact: ReturnType<typeof contactView> })[]> {
  // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
  const found = await contacts.find({ workspaceId, _id: trusted({ $in: memberships.map((membership) => membership.contactId) }) }).lean();
  const byId = new Map(found.map((contact) => [String(contact._id), contact as ContactDoc]));
  return memberships.flatMap((membership) => {
    const contact = byId.get(membership.contactId);
    return contact ? [{ ...view(membership), contact: contactView(contact) }] : [];
  });
}
