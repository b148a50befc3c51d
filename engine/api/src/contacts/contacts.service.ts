import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Contact } from '@trellis/runtime';
import { Model } from 'mongoose';
import { problems } from '../common/problem';

@Injectable()
export class ContactsService {
  constructor(@InjectModel('Contact') private readonly contacts: Model<Contact>) {}

  async getByExternalId(workspaceId: string, externalId: string) {
    const doc = await this.contacts.findOne({ workspaceId, externalId }).lean();
    if (!doc) throw problems.notFound(`Contact "${externalId}"`);
    return {
      id: String(doc._id),
      externalId: doc.externalId,
      tags: doc.tags ?? [],
      traits: doc.traits as Record<string, unknown>,
      lastEventAt: doc.lastEventAt?.toISOString() ?? null,
    };
  }
}
