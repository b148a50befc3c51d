import type { WaitUntilConfig } from '../nodes/wait-until.node';
import { nextLocalTime } from './next-local-time';

/** When a contact entering a `wait.until` now, in `contactZone`, wakes up. */
export function wakeUpAt(config: WaitUntilConfig, nowMs: number, contactZone: string): number {
  if (config.mode === 'date') return Math.max(nowMs, Date.parse(config.at));
  return nextLocalTime(nowMs, config.timezone ?? contactZone, config.time, config.weekdays);
}
