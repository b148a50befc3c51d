import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths';
import { freePort } from '../lib/ports';
import { ferretdb } from '../lib/services';
import { Supervisor } from '../lib/supervisor';
import { ensureChromium, ensureFerretdb, ensureTemporal } from '../lib/toolchain';
import { setStackSupervisor } from './stack-handle';

/** Starts a throw-away FerretDB for the whole run; test files each use their own database. */
export default async function globalSetup(): Promise<void> {
  await Promise.all([ensureTemporal(), ensureFerretdb(), ensureChromium()]);
  // One directory per run: two test runs at once (a developer's and an agent's) must not share one.
  const dataDir = join(repoRoot, 'test-output', 'ferretdb', String(process.pid));
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const [port, debugPort] = [await freePort(), await freePort()];
  const supervisor = new Supervisor(['ferretdb']);
  await supervisor.start(ferretdb({ dataDir, port, debugPort, quiet: true }));
  setStackSupervisor(supervisor);
  process.env.TRELLIS_TEST_MONGODB_URL = `mongodb://127.0.0.1:${port}`;
  process.env.TRELLIS_TEST_FERRETDB_DIR = dataDir;
}
