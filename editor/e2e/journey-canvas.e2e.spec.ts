import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { buildEditor } from '@trellis/devstack/lib/build';
import { repoRoot } from '@trellis/devstack/lib/paths';
import { freePort } from '@trellis/devstack/lib/ports';
import { editor } from '@trellis/devstack/lib/services';
import { Supervisor } from '@trellis/devstack/lib/supervisor';
import { binaries } from '@trellis/devstack/lib/toolchain';
import { createWorkspace, RunningApi, startApi, testMongoUri } from '@trellis/devstack/test/harness';

const outputDir = join(repoRoot, 'test-output', 'editor');
const welcome = JSON.parse(readFileSync(join(repoRoot, 'workflows/welcome-series.json'), 'utf8')) as { journey: { name: string } };

/** The editor as a user sees it: built, served, talking to the real API, in Debian's Chromium. */
describe('editor: journey canvas', () => {
  let api: RunningApi;
  let servers: Supervisor;
  let browser: Browser;
  let editorUrl: string;
  let apiKey: string;

  beforeAll(async () => {
    api = await startApi({ mongoUri: testMongoUri('editor'), temporalAddress: '127.0.0.1:1' });
    const workspace = await createWorkspace(api.url);
    apiKey = workspace.apiKey;
    const journey = await workspace.client.post('/v1/journeys', welcome.journey);
    await workspace.client.post(`/v1/journeys/${journey.body.id}/publish`);
    await workspace.client.post('/v1/journeys', { name: 'Empty draft', nodes: [], edges: [] });

    await buildEditor();
    const port = await freePort();
    servers = new Supervisor(['editor']);
    await servers.start(editor({ port, apiUrl: api.url, mode: 'preview', quiet: true }));
    editorUrl = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({
      executablePath: binaries.chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(outputDir, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await servers?.stop();
    await api?.close();
  });

  it('lists the journeys and draws the selected one, laid out top to bottom', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    await page.goto(`${editorUrl}/#apiKey=${apiKey}`);

    const list = page.getByRole('list', { name: 'Journeys' });
    await list.getByText('Empty draft').waitFor();
    expect(page.url()).not.toContain(apiKey); // the key leaves the address bar
    await list.getByText('Welcome series').click();
    await page.locator('.canvas__header').getByText('Welcome series').waitFor();

    const nodes = page.getByTestId('journey-node');
    await nodes.nth(3).waitFor();
    expect(await nodes.count()).toBe(4);
    const titles = await page.locator('.journey-node__title').allTextContents();
    expect(titles).toEqual(['When an event happens', 'Wait', 'Tag contact', 'Exit']);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(3);

    const boxes = await Promise.all([0, 1, 2, 3].map(async (index) => (await nodes.nth(index).boundingBox())!));
    for (let index = 1; index < boxes.length; index++) {
      expect(boxes[index]!.y).toBeGreaterThan(boxes[index - 1]!.y + boxes[index - 1]!.height);
    }
    for (const box of boxes) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(800);
    }
    await page.screenshot({ path: join(outputDir, 'journey-canvas.png') });
  });

  it('asks for an API key when it has none, and says when a key is wrong', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(editorUrl);
    await page.getByLabel('API key').fill(`trl_${'0'.repeat(43)}`);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/unknown or revoked/);
    await page.screenshot({ path: join(outputDir, 'connect.png') });
  });
});
