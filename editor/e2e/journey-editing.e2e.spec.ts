import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '@trellis/devstack/lib/paths';
import { createWorkspace, RunningApi, startApi, testMongoUri } from '@trellis/devstack/test/harness';
import { EditorUnderTest, screenshot, startEditor } from './support/editor-stack';

type Client = Awaited<ReturnType<typeof createWorkspace>>['client'];

const nodes = (page: Page) => page.getByTestId('journey-node');
const node = (page: Page, id: string) => page.locator(`[data-testid="journey-node"][data-node-id="${id}"]`);
const saveStatus = (page: Page, status: string) => page.locator(`[data-testid="save-status"][data-status="${status}"]`).waitFor();

/** Editing journeys in Chromium against the real API: templates, undo/redo, autosave, versions. */
describe('editor: editing journeys', () => {
  let api: RunningApi;
  let editor: EditorUnderTest;
  let client: Client;

  beforeAll(async () => {
    // The example custom nodes too: the palette and inspector come from the catalogue, custom or not.
    api = await startApi({ mongoUri: testMongoUri('editor-editing'), temporalAddress: '127.0.0.1:1', config: { TRELLIS_NODES_DIR: join(repoRoot, 'examples/nodes') } });
    const workspace = await createWorkspace(api.url);
    client = workspace.client;
    // The template's messages, so that a journey made from it publishes.
    for (const key of ['welcome-new-member', 'first-order-coupon']) {
      expect((await client.post('/v1/message-templates', { key, name: key, bodies: { wecom: { text: 'Hello {{ contact.traits.name | default: "there" }}' } } })).status).toBe(201);
    }
    editor = await startEditor(api.url, workspace.apiKey);
  }, 180_000);

  afterAll(async () => {
    await editor?.close();
    await api?.close();
  });

  /** A journey made from the gallery, with one parameter changed; returns its id. */
  async function fromTemplate(page: Page, name: string): Promise<string> {
    await page.getByRole('button', { name: 'Start from a template…' }).click();
    await page.getByRole('button', { name: /New-member welcome SOP/ }).waitFor();
    await screenshot(page, 'templates-gallery-list');
    await page.getByRole('button', { name: /New-member welcome SOP/ }).click();
    await page.getByLabel('Name of the new journey').fill(name);
    await page.getByLabel(/Days before the coupon/).fill('5');
    await screenshot(page, 'templates-gallery');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.locator('.journey-editor').waitFor();
    await nodes(page).nth(6).waitFor();
    return /#\/journeys\/([0-9a-f]{24})/.exec(page.url())![1]!;
  }

  it('creates a journey from a template with its parameters filled in, laid out top to bottom', async () => {
    const page = await editor.open('journeys');
    const id = await fromTemplate(page, 'Welcome (spring)');
    expect(await nodes(page).count()).toBe(7);
    expect(await node(page, 'wait-coupon').locator('.journey-node__summary').textContent()).toContain('amount: 5');
    const boxes = await Promise.all(['joined', 'tag-new', 'wait-welcome'].map(async (nodeId) => (await node(page, nodeId).boundingBox())!));
    expect(boxes[1]!.y).toBeGreaterThan(boxes[0]!.y + boxes[0]!.height);
    expect(boxes[2]!.y).toBeGreaterThan(boxes[1]!.y + boxes[1]!.height);
    const stored = (await client.get<{ name: string; draft: { nodes: { id: string; config: Record<string, unknown> }[] } }>(`/v1/journeys/${id}`)).body;
    expect(stored.name).toBe('Welcome (spring)');
    expect(stored.draft.nodes.find((candidate) => candidate.id === 'wait-coupon')?.config).toEqual({ amount: 5, unit: 'days' });
    await screenshot(page, 'journey-from-template');

    // The journeys list shows it, as a draft.
    await page.getByRole('link', { name: 'Journeys', exact: true }).first().click();
    await page.getByRole('table', { name: 'Journeys' }).getByRole('link', { name: 'Welcome (spring)' }).waitFor();
    await screenshot(page, 'journeys-list');
  });

  it('undoes and redoes deletes, pastes copies, and adds nodes from the keyboard', async () => {
    const page = await editor.open('journeys');
    const id = await fromTemplate(page, 'Undo me');
    await node(page, 'done').click();
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="journey-node"]').length === 6);
    await page.keyboard.press('Control+z');
    await node(page, 'done').waitFor();
    await page.keyboard.press('Control+Shift+z');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="journey-node"]').length === 6);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await node(page, 'done').waitFor();

    await node(page, 'tag-new').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await node(page, 'action_tag_1').waitFor();

    // Keyboard only: Enter on a palette item adds it and opens it in the inspector.
    await page.locator('.palette__item[data-node-type="wait.delay"]').focus();
    await page.keyboard.press('Enter');
    await node(page, 'wait_delay_1').waitFor();
    await page.locator('.inspector h2', { hasText: 'Wait' }).waitFor();
    // …and connects it from the inspector's list of outputs.
    await page.getByLabel('next leads to').selectOption('wait-welcome');
    await saveStatus(page, 'saved');
    const draft = (await client.get<{ draft: { nodes: unknown[]; edges: unknown[] } }>(`/v1/journeys/${id}`)).body.draft;
    expect(draft.nodes).toHaveLength(9);
    expect(draft.edges).toContainEqual({ from: 'wait_delay_1', port: 'next', to: 'wait-welcome' });
  });

  it('keeps edits through a reload, and through failed saves until the API takes them', async () => {
    const page = await editor.open('journeys');
    const id = await fromTemplate(page, 'Autosave');
    await node(page, 'wait-welcome').click();
    await page.getByRole('spinbutton', { name: /^Amount/ }).fill('6');
    await saveStatus(page, 'saved');
    await page.reload();
    await node(page, 'wait-welcome').locator('.journey-node__summary', { hasText: 'amount: 6' }).waitFor();

    // The API fails: the editor says so, keeps the edit in the browser, and saves it after a reload.
    await page.route('**/v1/journeys/*', (route) => (route.request().method() === 'PUT' ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"title":"Service unavailable"}' }) : route.fallback()));
    await node(page, 'wait-welcome').click();
    await page.getByRole('spinbutton', { name: /^Amount/ }).fill('7');
    await saveStatus(page, 'error');
    await screenshot(page, 'journey-save-failed');
    await page.unroute('**/v1/journeys/*');
    await page.reload();
    await page.getByText('Restored changes that had not been saved yet').waitFor();
    await saveStatus(page, 'saved').catch(async (error: unknown) => {
      await screenshot(page, 'debug-restore');
      console.log(await page.getByTestId('save-status').textContent());
      throw error;
    });
    const stored = (await client.get<{ draft: { nodes: { id: string; config: Record<string, unknown> }[] } }>(`/v1/journeys/${id}`)).body;
    expect(stored.draft.nodes.find((candidate) => candidate.id === 'wait-welcome')?.config.amount).toBe(7);
  });

  it('shows what changed since a published version, and rolls back to it', async () => {
    const page = await editor.open('journeys');
    const id = await fromTemplate(page, 'Versioned');
    expect((await client.post(`/v1/journeys/${id}/publish`, { note: 'first' })).status).toBe(200);
    await node(page, 'wait-coupon').click();
    await page.getByRole('spinbutton', { name: /^Amount/ }).fill('9');
    await node(page, 'done').click();
    await page.keyboard.press('Delete');
    await saveStatus(page, 'saved');

    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByTestId('version').first().getByRole('button', { name: 'Compare with draft' }).click();
    const diff = page.getByTestId('diff-canvas');
    await diff.locator('[data-node-id="wait-coupon"].diff-changed').waitFor();
    await diff.locator('[data-node-id="done"].diff-removed').waitFor();
    await page.getByRole('list', { name: 'Changes' }).getByText('~ wait-coupon: amount').waitFor();
    await screenshot(page, 'journey-version-diff');
    await page.getByRole('button', { name: 'Close' }).click();

    // The exit comes back (undo), v2 is the longer wait; rolling back republishes v1's graph as v3.
    await page.locator('.editor-canvas .react-flow__pane').click();
    await page.keyboard.press('Control+z');
    await node(page, 'done').waitFor();
    await saveStatus(page, 'saved');
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByLabel('What changed (version note)').fill('Longer wait');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published as version 2').waitFor();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByTestId('version').nth(1).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('version').nth(1).getByRole('button', { name: 'Roll back to this' }).click();
    await page.getByTestId('version').nth(2).waitFor();
    await node(page, 'done').waitFor();
    const versions = (await client.get<{ versions: { version: number; note: string | null }[] }>(`/v1/journeys/${id}/versions`)).body.versions;
    expect(versions.map((version) => [version.version, version.note])).toEqual([
      [3, 'Rolled back to version 1'],
      [2, 'Longer wait'],
      [1, 'first'],
    ]);
    const draft = (await client.get<{ draft: { nodes: { id: string; config: Record<string, unknown> }[] } }>(`/v1/journeys/${id}`)).body.draft;
    expect(draft.nodes.find((candidate) => candidate.id === 'wait-coupon')?.config.amount).toBe(5);
  });

  it('offers custom nodes in the palette, with a form from their schema, and no editor change', async () => {
    const page = await editor.open('journeys');
    await page.getByLabel('New journey name').fill('With a coupon');
    await page.getByRole('button', { name: 'Create journey' }).click();
    const coupon = page.locator('.palette__item[data-node-type="acme.coupon"]');
    expect(await coupon.textContent()).toBe('Issue coupon');
    await page.locator('.palette__item[data-node-type="acme.wecomGroupInvite"]').waitFor();
    await coupon.focus();
    await page.keyboard.press('Enter');
    await node(page, 'acme_coupon_1').waitFor();
    await page.locator('.inspector h2', { hasText: 'Issue coupon' }).waitFor();
    await page.getByRole('textbox', { name: /Service Url/i }).fill('https://coupons.example.com/v1/coupons');
    await saveStatus(page, 'saved');
    await screenshot(page, 'custom-node');
  });

  it('speaks Chinese when asked', async () => {
    const made = await client.post<{ id: string }>('/v1/templates/new-member-welcome/journeys', { name: '新会员欢迎' });
    expect(made.status).toBe(201);
    const page = await editor.open('journeys');
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { name: '旅程' }).waitFor();
    await page.getByRole('button', { name: '从模板创建…' }).waitFor();
    await page.getByRole('table', { name: '旅程' }).getByRole('link', { name: '新会员欢迎' }).click();
    await page.getByRole('tab', { name: '属性' }).waitFor();
    await node(page, 'joined').click();
    await page.locator('.inspector h2').waitFor();
    await screenshot(page, 'journey-zh');
  });
});
