import { isTimeZone } from '@trellis/journey';
import { e164, Identity } from '@trellis/runtime';
import { z } from 'zod';
import { IncomingEvent } from './events.service';
import { SegmentAlias, SegmentGroup, SegmentIdentify, SegmentTrack, SegmentView } from './segment.dto';

/** The name an identify call is stored and routed under: no sender may use it, as event names cannot start with "$". */
export const identifyEventName = '$identify';
export const aliasEventName = '$alias';
/** What page and screen calls are stored and routed as: plain names a journey can start on ("Page Viewed" where name is "Pricing"). */
export const viewEventNames = { page: 'Page Viewed', screen: 'Screen Viewed' } as const;

/**
 * When a call happened: the sender's timestamp, moved by the skew between its clock and ours
 * (`sentAt` is when it sent the call, by the same clock), as Segment corrects it.
 */
export function correctedTimestamp(call: { timestamp?: string; sentAt?: string }, receivedAt: Date): Date | undefined {
  if (!call.timestamp) return undefined;
  const timestamp = new Date(call.timestamp);
  if (!call.sentAt) return timestamp;
  return new Date(timestamp.getTime() + (receivedAt.getTime() - new Date(call.sentAt).getTime()));
}

const email = z.email();

/** An identify's email and phone (when E.164) are also ids the person is found by. */
export function identitiesInTraits(traits: Record<string, unknown>): Identity[] {
  const found: Identity[] = [];
  if (typeof traits.email === 'string' && email.safeParse(traits.email.trim()).success) found.push({ kind: 'email', value: traits.email });
  const phone = typeof traits.phone === 'string' ? traits.phone.replace(/[\s-]/g, '') : undefined;
  if (phone && e164.test(phone)) found.push({ kind: 'phone', value: phone });
  return found;
}

/** The fields every Segment call has. */
type CommonFields = Pick<SegmentTrack, 'messageId' | 'userId' | 'anonymousId' | 'timestamp' | 'sentAt' | 'context'>;

function base(call: CommonFields, receivedAt: Date) {
  const timestamp = correctedTimestamp(call, receivedAt);
  return {
    receivedAt,
    ...(call.messageId ? { messageId: call.messageId } : {}),
    ...(call.userId ? { userId: call.userId } : {}),
    ...(call.anonymousId ? { anonymousId: call.anonymousId } : {}),
    ...(timestamp ? { timestamp } : {}),
    ...(call.timestamp ? { clientTimestamp: new Date(call.timestamp) } : {}),
    ...(call.context ? { context: call.context } : {}),
  };
}

export function fromTrack(call: SegmentTrack, receivedAt = new Date()): IncomingEvent {
  return { ...base(call, receivedAt), name: call.event, properties: call.properties };
}

export function fromIdentify(call: SegmentIdentify, receivedAt = new Date()): IncomingEvent {
  const zone = call.context?.timezone;
  const timezone = typeof zone === 'string' && isTimeZone(zone) ? zone : undefined;
  return {
    ...base(call, receivedAt),
    name: identifyEventName,
    properties: call.traits,
    identities: identitiesInTraits(call.traits),
    profile: { traits: call.traits, ...(timezone ? { timezone } : {}) },
  };
}

/** A page or screen call, as an event whose properties carry the view's name and category. */
export function fromView(type: 'page' | 'screen', call: SegmentView, receivedAt = new Date()): IncomingEvent {
  return {
    ...base(call, receivedAt),
    name: viewEventNames[type],
    properties: { ...call.properties, ...(call.name ? { name: call.name } : {}), ...(call.category ? { category: call.category } : {}) },
  };
}

/**
 * An alias call: the previous id becomes one more id of the person, merging its profile into
 * theirs when it was anonymous. `previousIsUser` says whether a person is known by it as a user id.
 */
export function fromAlias(call: SegmentAlias, previousIsUser: boolean, receivedAt = new Date()): IncomingEvent {
  return {
    ...base(call, receivedAt),
    name: aliasEventName,
    properties: { previousId: call.previousId },
    identities: [{ kind: previousIsUser ? 'user' : 'anonymous', value: call.previousId }],
  };
}

export const groupEventName = '$group';

/** A group call: stored as `$group`, and the person put in the customer group (see GroupActivity.grouped). */
export function fromGroup(call: SegmentGroup, receivedAt = new Date()): IncomingEvent {
  return { ...base(call, receivedAt), name: groupEventName, properties: { groupId: call.groupId, traits: call.traits }, group: { groupId: call.groupId, traits: call.traits } };
}
