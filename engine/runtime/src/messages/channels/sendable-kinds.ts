import { BodyKind } from '@trellis/journey';

/** The kinds of channel the worker's `defaultChannels` send on: publishing refuses a send on any other. */
export const sendableKinds: readonly BodyKind[] = ['email', 'sms', 'push'];
