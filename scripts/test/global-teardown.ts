import { rmSync } from 'node:fs';
import { stackSupervisor } from './stack-handle';

export default async function globalTeardown(): Promise<void> {
  await stackSupervisor()?.stop();
  const dataDir = process.env.TRELLIS_TEST_FERRETDB_DIR;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
