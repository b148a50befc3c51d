import { z } from 'zod';
import { Duration } from '../duration';
import { Rule } from '../rules/rule';

/** The built-in lifecycle every contact is in; `action.update` sets it, rules read `lifecycleStage`. */
export const lifecycleStages = ['intro', 'growth', 'mature', 'decline'] as const;
export const lifecycleStage = z.enum(lifecycleStages);
export type LifecycleStage = (typeof lifecycleStages)[number];

/**
 * Why a message is sent. Caps and quiet hours apply to `content` and `promo`; `service`
 * (order updates, replies a contact asked for) is exempt.
 */
export const messageCategories = ['service', 'content', 'promo'] as const;
export const messageCategory = z.enum(messageCategories);
export type MessageCategory = (typeof messageCategories)[number];

/** Channels, WeCom first: 1:1 chat, customer-group posts and Moments are not email-shaped. */
export const channels = ['wecom', 'wecom_group', 'wecom_moments', 'sms', 'email', 'push'] as const;
export const channel = z.enum(channels);
export type Channel = (typeof channels)[number];

/**
 * An action that must wait for the outside world after it ran (a hand-off until an operator
 * resolves it): the interpreter holds the contact at the node until the event or the timeout.
 */
export interface ActionWait {
  event: string;
  where?: Rule;
  timeout: Duration;
  /** Port taken when the event arrives. */
  port: string;
  /** Port taken at the timeout. */
  timeoutPort: string;
}

/**
 * An action that cannot have its effect yet (a message in quiet hours, or over a cap that resets
 * tomorrow): the contact waits at the node on a durable timer, and the action runs again then.
 */
export interface ActionDeferral {
  untilMs: number;
  /** The reason code, e.g. `quiet_hours` or `cap:daily`. */
  reason: string;
}

/** A message as the simulator records it: what would have been sent, to whom, why. */
export interface SentMessage {
  channel: Channel;
  template: string;
  category: MessageCategory;
}
