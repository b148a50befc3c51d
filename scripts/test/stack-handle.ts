import { Supervisor } from '../lib/supervisor';

// Jest runs global setup and teardown in one process; a global carries the handle between them
// whatever module registry each was loaded through.
const key = Symbol.for('trellis.test.stack');
type Holder = { [key]?: Supervisor };

export function setStackSupervisor(supervisor: Supervisor): void {
  (globalThis as Holder)[key] = supervisor;
}

export function stackSupervisor(): Supervisor | undefined {
  return (globalThis as Holder)[key];
}
