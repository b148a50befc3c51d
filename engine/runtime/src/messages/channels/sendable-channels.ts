import { Channel } from '@trellis/journey';

/**
 * The channels the worker's `defaultChannels` send on: publishing refuses a send on any other.
 * WeCom customer-group posts and Moments share the 1:1 body but not its audience; they follow.
 */
export const sendableChannels: readonly Channel[] = ['wecom', 'sms', 'email', 'push'];
