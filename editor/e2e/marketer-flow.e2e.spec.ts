import type { Page } from 'playwright-core';
import { createWorkspace } from '@trellis/devstack/test/harness';
import { JourneyStack, startJourneyStack } from '@trellis/devstack/test/journey-stack';
import { EditorUnderTest, screenshot, startEditor } from './support/editor-stack';

type Client = Awaited<ReturnType<typeof createWorkspace>>['client'];

const node = (page: Page, id: string) => page.locator(`[data-testid="journey-node"][data-node-id="${id}"]`);

/** Drags a palette item onto the canvas at a point relative to the canvas' top-left corner. */
async function dropFromPalette(page: Page, type: string, at: { x: number; y: number }) {
  await page.locator(`.palette__item[data-node-type="${type}"]`).dragTo(page.locator('.editor-canvas .react-flow__pane'), { targetPosition: at });
}

/** Connects a node's output port to another node's input by dragging between the handles. */
async function connect(page: Page, from: string, port: string, to: string) {
  const source = (await node(page, from).locator(`.react-flow__handle.source[data-handleid="${port}"]`).boundingBox())!;
  const target = (await node(page, to).locator('.react-flow__handle.target').boundingBox())!;
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function saved(page: Page) {
  await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
}

/** The editor as a marketer uses it, against the real API, worker, Temporal and FerretDB. */
describe('editor: a marketer builds, tests, publishes and watches a journey', () => {
  let stack: JourneyStack;
  let editor: EditorUnderTest;
  let client: Client;

  beforeAll(async () => {
    stack = await startJourneyStack('editor-marketer');
    const workspace = await createWorkspace(stack.api.url, 'Marketing', { retryUnavailable: true });
    client = workspace.client;
    editor = await startEditor(stack.api.url, workspace.apiKey);
  }, 240_000);

  afterAll(async () => {
    await editor?.close();
    await stack?.close();
  });

  it('builds a journey from nothing, fixes what validation finds, test-runs, publishes it and sees a contact counted', async () => {
    const page = await editor.open('journeys');
    await page.getByLabel('New journey name').fill('Welcome new members');
    await page.getByRole('button', { name: 'Create journey' }).click();
    await page.locator('.journey-editor').waitFor();
    await screenshot(page, 'journey-empty');

    await dropFromPalette(page, 'trigger.event', { x: 380, y: 80 });
    await dropFromPalette(page, 'action.tag', { x: 380, y: 260 });
    await dropFromPalette(page, 'exit', { x: 380, y: 440 });
    await node(page, 'exit_1').waitFor();
    await screenshot(page, 'journey-dropped');
    expect(await page.getByTestId('journey-node').count()).toBe(3);

    // Unconfigured and unconnected: problems are pinned on the nodes and publishing is blocked.
    await expect(node(page, 'trigger_event_1').locator('.journey-node__problems').textContent()).resolves.toMatch(/problem/);
    expect(await page.getByRole('button', { name: 'Publish…' }).isDisabled()).toBe(true);

    await connect(page, 'trigger_event_1', 'next', 'action_tag_1');
    await connect(page, 'action_tag_1', 'next', 'exit_1');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 2);

    await node(page, 'trigger_event_1').click();
    await page.getByRole('combobox', { name: /^Event/ }).fill('member_joined');
    // The tag node has no tag yet: the API's checks (a rule JSON Schema cannot carry) name it on save.
    await saved(page);
    await page.getByRole('tab', { name: /Problems/ }).click();
    const problem = page.locator('.problems button', { hasText: 'action_tag_1' });
    await problem.waitFor();
    await expect(problem.textContent()).resolves.toMatch(/at least one tag/);
    await screenshot(page, 'journey-problems');
    await problem.click();
    await page.locator('.inspector h2', { hasText: 'Tag contact' }).waitFor();
    await page.locator('#node-action_tag_1 .btn-add, [id^="node-action_tag_1_add"] ~ * .btn-add').first().click();
    await page.locator('input[id^="node-action_tag_1_add_0"]').fill('welcomed');
    await saved(page);
    await page.getByRole('tab', { name: /Problems/ }).click();
    await page.getByText('No problems: the journey can be published.').waitFor();
    await screenshot(page, 'journey-inspector');

    // Test run in the browser: the contact passes the tag and leaves at the exit.
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.locator('[data-testid="timeline-entry"][data-entry-type="exited"]').waitFor();
    expect(await node(page, 'exit_1').getAttribute('class')).toContain('is-current');
    await screenshot(page, 'journey-test-run');

    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByLabel('What changed (version note)').fill('First version');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published as version 1').waitFor();

    // The live view counts on the canvas: nobody yet; then a real contact joins through the API and
    // the badges follow (the view polls the stats API).
    await page.getByRole('tab', { name: 'Live' }).click();
    const badge = (id: string) => node(page, id).locator('.live-badge');
    await badge('trigger_event_1').waitFor();
    expect(await badge('trigger_event_1').getAttribute('aria-label')).toMatch(/\b0\b/);
    expect((await client.post('/v1/contacts', { userId: 'member-1' })).status).toBe(201);
    expect((await client.post('/v1/events', { userId: 'member-1', event: 'member_joined', messageId: 'member-1-joined' })).status).toBe(202);
    await page.waitForFunction(() => /\b1\b/.test(document.querySelector('[data-node-id="exit_1"] .live-badge')?.getAttribute('aria-label') ?? ''), undefined, { timeout: 60_000 });
    expect(await badge('trigger_event_1').getAttribute('aria-label')).toMatch(/\b1\b/);
    await screenshot(page, 'journey-live');
  });
});
