import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Contact, driverCollection, MessageSend, MessagingPolicyDoc, readUnsubscribe, UnsubscribeClaim } from '@trellis/runtime';
import { isObjectIdOrHexString, Model, Types } from 'mongoose';
import { EventsService } from '../events/events.service';

/** The event an unsubscribe records on the contact: journeys may exit on it, and it shows in the timeline. */
export const unsubscribedEvent = 'unsubscribed';

/**
 * Unsubscribe links in messages (`List-Unsubscribe`, the link in a template's footer). The link
 * is signed with the workspace's key, so it needs no sign-in and cannot be made up for someone
 * else. Unsubscribing withdraws marketing consent on that kind of channel: the next marketing
 * send to the contact, from any journey already in flight, is skipped as `no_consent`.
 */
@Injectable()
export class UnsubscribeService {
  constructor(
    @InjectModel('MessagingPolicy') private readonly policies: Model<MessagingPolicyDoc>,
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
    @InjectModel('MessageSend') private readonly sends: Model<MessageSend>,
    private readonly events: EventsService,
  ) {}

  /** The claim of a genuine link, or undefined for anything else (made up, altered, or of a deleted workspace). */
  async verify(token: string): Promise<UnsubscribeClaim | undefined> {
    const read = readUnsubscribe(token);
    if (!read) return undefined;
    const policy = await driverCollection(this.policies).findOne({ _id: read.claim.workspaceId }, { projection: { signingKey: 1 } });
    return policy?.signingKey && read.signedWith(policy.signingKey) ? read.claim : undefined;
  }

  /** Withdraws consent; safe to repeat (mail clients and scanners may post twice). */
  async unsubscribe(claim: UnsubscribeClaim, via: 'link' | 'one-click'): Promise<boolean> {
    const { workspaceId, contactId, channel, sendId } = claim;
    if (!isObjectIdOrHexString(contactId)) return false;
    const now = new Date();
    const contact = await driverCollection(this.contacts).findOneAndUpdate(
      { _id: new Types.ObjectId(contactId), workspaceId },
      { $set: { [`subscriptions.${channel}`]: 'unsubscribed', updatedAt: now } },
      { returnDocument: 'before' },
    );
    if (!contact) return false;
    if (sendId) await driverCollection(this.sends).updateOne({ _id: sendId, workspaceId, unsubscribedAt: { $exists: false } }, { $set: { unsubscribedAt: now } });
    // Once per send (or per contact and channel for a link from no send): a second click changes nothing.
    if (contact.subscriptions?.[channel] !== 'unsubscribed') {
      await this.events.ingest(workspaceId, {
        name: unsubscribedEvent,
        contactId,
        messageId: `unsubscribe:${sendId ?? `${contactId}:${channel}`}:${now.getTime()}`,
        properties: { channel, via, ...(sendId ? { sendId } : {}) },
      });
    }
    return true;
  }
}
