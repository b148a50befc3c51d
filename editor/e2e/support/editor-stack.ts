import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { buildEditor } from '@trellis/devstack/lib/build';
import { editorDir, repoRoot } from '@trellis/devstack/lib/paths';
import { freePort } from '@trellis/devstack/lib/ports';
import { editor } from '@trellis/devstack/lib/services';
import { Supervisor } from '@trellis/devstack/lib/supervisor';
import { binaries } from '@trellis/devstack/lib/toolchain';

export const screenshotDir = join(repoRoot, 'test-output', 'editor');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** What the built editor is made of: its sources and the journey core it bundles. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const inputs = [join(editorDir, 'index.html'), join(editorDir, 'vite.config.ts'), ...filesUnder(join(editorDir, 'src')), ...filesUnder(join(repoRoot, 'engine/journey/src'))];
  for (const file of inputs.sort()) hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

/** Builds the editor unless `dist` was built from the same sources (each e2e file would rebuild it). */
export async function buildEditorIfChanged(): Promise<void> {
  const marker = join(editorDir, 'dist', '.source-hash');
  const hash = sourceHash();
  if (existsSync(marker) && readFileSync(marker, 'utf8') === hash) return;
  await buildEditor();
  writeFileSync(marker, hash);
}

export interface EditorUnderTest {
  url: string;
  browser: Browser;
  /** A fresh page (its own storage) signed in with the API key, at `#/<route>`. */
  open(route: string, options?: { apiKey?: string; width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

/** The built editor served by Vite's preview server in front of `apiUrl`, and Debian's Chromium. */
export async function startEditor(apiUrl: string, apiKey: string): Promise<EditorUnderTest> {
  await buildEditorIfChanged();
  const port = await freePort();
  const servers = new Supervisor(['editor']);
  await servers.start(editor({ port, apiUrl, mode: 'preview', quiet: true }));
  const url = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: binaries.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    url,
    browser,
    async open(route, options = {}) {
      const context = await browser.newContext({ viewport: { width: options.width ?? 1440, height: options.height ?? 900 }, locale: 'en-US' });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${url}/#apiKey=${options.apiKey ?? apiKey}`);
      // The first screen (journeys, or sign-in if the key is refused) comes after the app's own
      // redirect from "/"; a route set while that redirect is under way was seen to lose to it.
      await page.locator('h1').first().waitFor();
      await page.evaluate((target) => {
        window.location.hash = target;
      }, `#/${route.replace(/^\//, '')}`);
      return page;
    },
    async close() {
      await browser.close();
      await servers.stop();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}
