import { ensureChromium, ensureFerretdb, ensureTemporal } from '../lib/toolchain';

void Promise.all([ensureTemporal(), ensureFerretdb(), ensureChromium()]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
