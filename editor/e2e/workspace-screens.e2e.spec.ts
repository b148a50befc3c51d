import { Page } from 'playwright-core';
import { createWorkspace, eventually, startApiAlone, workerProcess } from '@trellis/devstack/test/harness';
import { EditorUnderTest, screenshot, startEditor } from './support/editor-stack';

type Client = Awaited<ReturnType<typeof createWorkspace>>['client'];

const importRows = 300;
/** Lines (the header is line 1) of the two rows the import must refuse, and why. */
const badEmailLine = 42;
const badPointsLine = 207;

/** A member list as a shop exports it: ids, a name and points per row, two of them wrong. */
function memberCsv(): string {
  const lines = ['user_id,email,phone,name,points,tags'];
  for (let index = 0; index < importRows; index++) {
    const line = index + 2;
    const email = line === badEmailLine ? `member-${index}-at-example.com` : `member-${index}@example.com`;
    const points = line === badPointsLine ? 'lots' : String(index * 10);
    lines.push([`member-${index}`, email, `138${String(index).padStart(8, '0')}`, `会员${index}`, points, 'csv;new'].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The screens around journeys as a marketer uses them, against the real API with a Temporal dev
 * server and the journey worker (imports and segment sweeps run there): contacts with their
 * timeline, a CSV import followed to the end, a segment built and previewed, a template written,
 * refused for its Liquid, fixed, saved and previewed.
 */
describe('editor: contacts, CSV import, segments and message templates', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;
  let editor: EditorUnderTest;
  let client: Client;

  beforeAll(async () => {
    stack = await startApiAlone('editor-workspace', { TEMPORAL_UI_URL: 'http://127.0.0.1:8233' });
    await stack.temporal.supervisor.start(workerProcess({ mongoUri: stack.mongoUri, temporalAddress: stack.temporal.address, taskQueue: 'editor-workspace' }));
    const workspace = await createWorkspace(stack.api.url);
    client = workspace.client;

    for (const contact of [
      { userId: 'ada', email: 'ada@example.com', traits: { name: 'Ada', city: '上海' }, tags: ['vip'], lifecycleStage: 'growth' },
      { userId: 'adam', email: 'adam@example.com', traits: { name: 'Adam', city: '北京' }, tags: ['vip'] },
      { userId: 'bo', email: 'bo@example.com', traits: { name: 'Bo', city: '上海' } },
    ]) {
      expect((await client.post('/v1/contacts', contact)).status).toBe(201);
    }
    const journey = await client.post('/v1/journeys', {
      name: 'Welcome',
      nodes: [
        { id: 'signed-up', type: 'trigger.event', config: { event: 'signed_up' } },
        { id: 'tag-welcomed', type: 'action.tag', config: { add: ['welcomed'] } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'signed-up', port: 'next', to: 'tag-welcomed' },
        { from: 'tag-welcomed', port: 'next', to: 'done' },
      ],
    });
    expect((await client.post(`/v1/journeys/${journey.body.id}/publish`)).status).toBe(200);
    expect((await client.post('/v1/events', { userId: 'ada', event: 'signed_up' })).status).toBeLessThan(300);
    await eventually('ada through the welcome journey', async () => {
      const timeline = (await client.get('/v1/contacts/ada/timeline')).body as { entries: { type: string }[] };
      return timeline.entries.some((entry) => entry.type === 'exited');
    });

    editor = await startEditor(stack.api.url, workspace.apiKey);
  }, 240_000);

  afterAll(async () => {
    await editor?.close();
    await stack?.stop();
  });

  async function openPage(route: string): Promise<Page> {
    const page = await editor.open(route);
    await page.getByRole('heading', { level: 1 }).waitFor();
    return page;
  }

  it('finds a contact by the start of their id and shows their journey timeline', async () => {
    const page = await openPage('contacts');
    await page.getByLabel('User id or email starts with').fill('ad');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const rows = page.locator('table tbody tr');
    await eventually('two contacts found', async () => (await rows.count()) === 2, 10_000);
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(['ada', 'adam']);
    await screenshot(page, 'contacts');

    await page.getByRole('link', { name: 'ada', exact: true }).click();
    await page.getByRole('heading', { name: 'ada', level: 1 }).waitFor();
    const timeline = page.locator('.ws-timeline__entries');
    await timeline.getByText('Enrolled in Welcome (version 1)').waitFor();
    await timeline.getByText('Ran “tag-welcomed”').waitFor();
    await timeline.getByText('Left the journey at “done”: completed').waitFor();
    expect(await page.getByRole('link', { name: 'Open the run in Temporal: Welcome' }).getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:8233\/namespaces\/default\/workflows\//);
    await page.getByText('上海').first().waitFor();
    await screenshot(page, 'contact-detail');

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByLabel('New tag').fill('lunar-new-year');
    await page.getByLabel('New tag').press('Enter');
    await page.getByRole('combobox', { name: 'Lifecycle stage' }).selectOption('mature');
    await page.getByRole('button', { name: 'Add trait' }).click();
    await page.getByLabel('Name').last().fill('points');
    await page.getByLabel('Type').last().selectOption('number');
    await page.getByLabel('Value').last().fill('120');
    await screenshot(page, 'contact-edit');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('region', { name: 'Profile' }).getByText('Mature').waitFor();
    expect((await client.get('/v1/contacts/ada')).body).toMatchObject({ lifecycleStage: 'mature', traits: { name: 'Ada', city: '上海', points: 120 }, tags: ['vip', 'welcomed', 'lunar-new-year'] });
  });

  it('imports a CSV with a progress bar to the end, then lists the rows it refused and why', async () => {
    const page = await openPage('contacts');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(memberCsv()) });
    // Columns are guessed from their names; points are numbers.
    expect(await page.getByLabel('Where column user_id goes').inputValue()).toBe('userId');
    expect(await page.getByLabel('Where column email goes').inputValue()).toBe('email');
    expect(await page.getByLabel('Where column tags goes').inputValue()).toBe('tags');
    await page.getByLabel('How to read column points').selectOption('number');
    await screenshot(page, 'contact-import-mapping');
    await page.getByRole('button', { name: 'Start import' }).click();

    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    await progress.waitFor();
    await page.getByText(`${importRows} / ${importRows} rows`).waitFor({ timeout: 45_000 });
    expect(await progress.evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([importRows, importRows]);
    await page.getByRole('heading', { name: '2 rows not imported' }).waitFor();
    const summary = page.locator('.ws-import__counts');
    expect(await summary.locator('dd').allTextContents()).toEqual([String(importRows - 2), '0', '0', '2']);
    const refused = page.locator('.ws-import table').last().locator('tbody tr');
    expect(await refused.count()).toBe(2);
    expect(await refused.nth(0).textContent()).toContain(`${badEmailLine}email"member-40-at-example.com" is not an email address`);
    expect(await refused.nth(1).textContent()).toContain(`${badPointsLine}points"lots" is not a number`);
    await screenshot(page, 'contact-import');
    expect((await client.get('/v1/contacts/member-7')).body).toMatchObject({ traits: { name: '会员7', points: 70 }, tags: expect.arrayContaining(['csv', 'new']) });
  });

  it('builds a segment from conditions, previews who it matches, and saves it', async () => {
    const page = await openPage('segments');
    await page.getByRole('button', { name: 'New segment' }).click();
    await page.getByLabel('Key').fill('vip-shanghai');
    await page.getByLabel('Name', { exact: true }).fill('VIPs in Shanghai');
    // The rules builder the journey inspector uses: a new condition is about a trait.
    const rule = page.getByRole('group', { name: 'Who is in it', exact: true }).first();
    await rule.getByRole('button', { name: '+ Condition' }).click();
    const city = rule.getByRole('group', { name: 'Condition 1', exact: true });
    // Previewing before the trait is named points at it.
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await city.getByRole('alert').waitFor();
    expect(await city.getByLabel('Trait name').getAttribute('aria-invalid')).toBe('true');
    await city.getByLabel('Trait name').fill('city');
    await city.getByLabel('Value', { exact: true }).fill('上海');
    await city.getByRole('alert').waitFor({ state: 'detached' });
    await rule.getByRole('button', { name: '+ Condition' }).click();
    const tags = rule.getByRole('group', { name: 'Condition 2', exact: true });
    await tags.getByLabel('Condition type').selectOption('tags');
    await tags.getByLabel('Tags', { exact: true }).fill('vip');
    await tags.getByLabel('Tags', { exact: true }).press('Enter');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.getByText('1 contact matches now').waitFor();
    await page.locator('.ws-preview').getByRole('link', { name: 'ada', exact: true }).waitFor();
    await screenshot(page, 'segments');

    await page.getByRole('button', { name: 'Create segment' }).click();
    await page.getByRole('heading', { name: 'VIPs in Shanghai', level: 1 }).waitFor();
    await page.getByText('all of: traits.city is "上海"; has tag vip').waitFor();
    // The first sweep fills it on the worker; the page watches for it.
    await page.getByRole('table', { name: 'Members' }).getByRole('link', { name: 'ada', exact: true }).waitFor({ timeout: 45_000 });
    await screenshot(page, 'segment-detail');
  });

  it('refuses a template with a Liquid error at its line and column, then saves the fix and previews it', async () => {
    const page = await openPage('message-templates');
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByLabel('Key').fill('welcome-coupon');
    await page.getByLabel('Name', { exact: true }).fill('Welcome coupon');
    await page.getByLabel('SMS').check();
    const text = page.getByRole('textbox', { name: 'Text', exact: true });
    await text.fill('Hi {{ contact.traits.name }, your coupon is WELCOME10');
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByRole('alert').getByText('bodies.sms.text').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/line 1, column \d+/);
    expect(await text.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'message-template-error');

    await text.fill('Hi {{ contact.traits.name | default: "friend" }}, your coupon is WELCOME10');
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByRole('heading', { name: 'Welcome coupon', level: 1 }).waitFor();
    await page.getByText('Edit (now version 1)').waitFor();

    await page.getByRole('textbox', { name: 'Text', exact: true }).fill('Hi {{ contact.traits.name | default: "friend" }}, your coupon is WELCOME20');
    await page.getByLabel('Note for this version').fill('20% off');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByRole('status').getByText('Saved as version 2.').waitFor();
    await page.locator('.ws-versions').getByText('20% off').waitFor();

    await page.getByLabel("Contact's user id").fill('ada');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.locator('.ws-rendered__bubble').getByText(/^Hi Ada, your coupon is WELCOME20/).waitFor();
    await screenshot(page, 'message-template');
  });
});
