import { createFullCatalogue } from '@trellis/nodes';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { freePort } from '../lib/ports';
import { editor, ferretdb } from '../lib/services';
import { Supervisor } from '../lib/supervisor';
import { binaries } from '../lib/toolchain';
import { createWorkspace, eventually, startApi } from '../test/harness';
import { largeJourney } from './large-journey';

async function main() {
  const dirs = process.env.DISTS!.split(',');
  const dataDir = mkdtempSync(join(tmpdir(), 'edscratch-'));
  const servers = new Supervisor(['ferretdb', ...dirs.map((_, i) => `editor${i}`)]);
  const [mongoPort, debugPort] = [await freePort(), await freePort()];
  await servers.start(ferretdb({ dataDir: join(dataDir, 'ferretdb'), port: mongoPort, debugPort, quiet: true }));
  const api = await startApi({ mongoUri: `mongodb://127.0.0.1:${mongoPort}/bench`, temporalAddress: '127.0.0.1:1' });
  api.app.useLogger(['error']);
  const urls: string[] = [];
  for (const [i, dir] of dirs.entries()) {
    const port = await freePort();
    const spec = editor({ port, apiUrl: api.url, mode: 'preview', quiet: true });
    await servers.start({ ...spec, name: `editor${i}`, args: [...spec.args, '--outDir', dir] });
    urls.push(`http://127.0.0.1:${port}`);
  }
  const ws = await createWorkspace(api.url, 'editor', { retryUnavailable: true });
  const catalogue = createFullCatalogue();
  const browser = await chromium.launch({ executablePath: binaries.chromium, args: ['--no-sandbox', '--disable-gpu'] });
  const ids: Record<string, string> = {};
  for (const n of [300, 10]) {
    const j = largeJourney(n, catalogue);
    const id = (await ws.client.post<{ id: string }>('/v1/journeys', j)).body.id;
    const page = await browser.newPage();
    await page.goto(`${urls[0]}/#apiKey=${ws.apiKey}`);
    await page.getByRole('link', { name: j.name, exact: true }).first().waitFor();
    await page.evaluate(`location.hash = '#/journeys/${id}'`);
    await eventually('saved', async () => (await ws.client.get<any>(`/v1/journeys/${id}`)).body.draft.nodes.every((x: any) => x.position));
    await page.close();
    ids[n] = id;
  }
  await browser.close();
  writeFileSync('/tmp/edbench/stack.json', JSON.stringify({ urls, apiKey: ws.apiKey, api: api.url, ids }));
  console.log('READY', JSON.stringify({ urls, ids }));
  process.on('SIGTERM', async () => { await api.close(); await servers.stop(); process.exit(0); });
  setInterval(() => undefined, 1 << 30);
}
main().catch((e) => { console.error(e); process.exit(1); });
