import { SegmentedMessage } from 'sms-segments-calculator';
import { MessageCategory } from '../actions/vocabulary';

/** How an SMS is billed: carriers split long texts into segments (153 GSM-7 or 67 UCS-2 characters each). */
export interface SmsLength {
  characters: number;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}

export function smsLength(text: string): SmsLength {
  const message = new SegmentedMessage(text);
  return { characters: message.numberOfCharacters, encoding: message.encodingName, segments: message.segmentsCount };
}

/** The opt-out line marketing texts end with when the workspace sets none ("reply T to unsubscribe", as China's carriers require). */
export const defaultSmsOptOut = '拒收请回复T';

/**
 * The text as sent: marketing (`content`, `promo`) ends with how to opt out, unless it already
 * does; `service` texts (an order update) are sent as written.
 */
export function withOptOut(text: string, category: MessageCategory, optOut = defaultSmsOptOut): string {
  if (category === 'service' || !optOut.trim() || text.trimEnd().endsWith(optOut.trim())) return text;
  return `${text.trimEnd()} ${optOut.trim()}`;
}
