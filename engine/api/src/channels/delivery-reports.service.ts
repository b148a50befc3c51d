import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { smsChannelConfig } from '@trellis/journey';
import { ChannelConfigDoc, channelConfigId, Contact, driverCollection, isTwilioSigned, MessageSend, SendStatus } from '@trellis/runtime';
import { isObjectIdOrHexString, Model, Types } from 'mongoose';
import { z } from 'zod';
import { problems } from '../common/problem';
import { zodIssuesToProblemErrors } from '../common/zod-body';
import { API_CONFIG, ApiConfig, publicUrl } from '../config/api-config';

/** What Twilio posts to a message's StatusCallback (it sends more fields; all are signed). */
const twilioStatus = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/, 'a Twilio message SID'),
  MessageStatus: z.enum(['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read', 'canceled', 'receiving', 'received']),
  ErrorCode: z.string().regex(/^\d{1,6}$/).optional(),
});

/** Carrier errors that say the number cannot receive texts at all: later sends to it are skipped. */
const deadNumbers = new Set(['30005', '30006']);

/** Statuses a report may move a send on from: never back from delivered or failed. */
const inFlight: SendStatus[] = ['sending', 'sent', 'queued'];

/**
 * Delivery reports providers post about messages they accepted (`deliveryReceipts`): checked
 * against the provider's signature, then applied to the send log once. A malformed or unsigned
 * report changes nothing and says why.
 */
@Injectable()
export class DeliveryReportsService {
  constructor(
    @InjectModel('MessageSend') private readonly sends: Model<MessageSend>,
    @InjectModel('ChannelConfig') private readonly configs: Model<ChannelConfigDoc>,
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async smsStatus(sendId: string, path: string, params: Record<string, unknown>, signature: string | undefined): Promise<{ status: string }> {
    const send = await driverCollection(this.sends).findOne({ _id: sendId });
    if (!send || send.channel !== 'sms') throw problems.notFound(`SMS ${sendId}`);
    const stored = await this.configs.findById(channelConfigId(send.workspaceId, 'sms')).lean();
    const config = smsChannelConfig.safeParse(stored?.config);
    const strings = Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    if (!config.success || !isTwilioSigned(config.data.authToken, `${publicUrl(this.config)}${path}`, strings, signature)) {
      throw problems.forbidden('The report is not signed with the workspace’s Twilio Auth Token (X-Twilio-Signature).');
    }
    const report = twilioStatus.safeParse(params);
    if (!report.success) throw problems.validation(zodIssuesToProblemErrors(report.error, ''), 'The delivery report is malformed; see errors.');
    const { MessageSid, MessageStatus, ErrorCode } = report.data;
    if ((send.provider as { messageId?: string } | undefined)?.messageId !== MessageSid) throw problems.conflict(`The report is about ${MessageSid}, not the message this send handed to Twilio.`);
    const now = new Date();
    if (MessageStatus === 'delivered' || MessageStatus === 'read') {
      await driverCollection(this.sends).updateOne(
        { _id: sendId, status: { $in: inFlight } },
        { $set: { status: 'delivered', deliveredAt: now }, $push: { history: { status: 'delivered', at: now } } },
      );
      return { status: 'delivered' };
    }
    if (MessageStatus === 'undelivered' || MessageStatus === 'failed') {
      const error = `Twilio reported ${MessageStatus}${ErrorCode ? ` (error ${ErrorCode})` : ''}`;
      const moved = await driverCollection(this.sends).updateOne(
        { _id: sendId, status: { $in: inFlight } },
        { $set: { status: 'failed', reason: 'undelivered', error, failedAt: now }, $push: { history: { status: 'failed', reason: 'undelivered', at: now } } },
      );
      if (moved.modifiedCount && ErrorCode && deadNumbers.has(ErrorCode) && isObjectIdOrHexString(send.contactId)) {
        await driverCollection(this.contacts).updateOne(
          { _id: new Types.ObjectId(send.contactId), workspaceId: send.workspaceId },
          { $set: { 'suppressions.sms': { reason: 'invalid_address', at: now }, updatedAt: now } },
        );
      }
      return { status: 'failed' };
    }
    return { status: send.status };
  }
}
