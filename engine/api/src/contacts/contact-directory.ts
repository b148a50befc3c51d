import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Contact, ContactKey, ContactUpdate, findContactByExternalId, Identity, resolveContact, resolveContactWith } from '@trellis/runtime';
import { Model } from 'mongoose';

/** Finds contacts by the ids a workspace knows them by, for every module that takes such an id. */
@Injectable()
export class ContactDirectory {
  private readonly models: { contacts: Model<Contact>; contactKeys: Model<ContactKey> };

  constructor(@InjectModel('Contact') contacts: Model<Contact>, @InjectModel('ContactKey') contactKeys: Model<ContactKey>) {
    this.models = { contacts, contactKeys };
  }

  find(workspaceId: string, externalId: string) {
    return findContactByExternalId(this.models, workspaceId, externalId);
  }

  /** The contact an event is about, by every id it carries: created on its first event, merged as ids meet (`resolveContact`). */
  resolve(workspaceId: string, identities: Identity[], eventAt?: Date) {
    return resolveContact(this.models, workspaceId, identities, eventAt);
  }

  /** `resolve`, storing what must carry the contact's id before the contact is written, and writing what `settle` returns with it (`resolveContactWith`). */
  resolveWith<T>(workspaceId: string, identities: Identity[], eventAt: Date, settle: (contactId: string) => Promise<{ value: T; update?: ContactUpdate }>) {
    return resolveContactWith(this.models, workspaceId, identities, eventAt, settle);
  }
}
