import { randomBytes } from 'node:crypto';
import { Page } from 'playwright-core';
import { expectProblem, httpClient, startApiAlone, testAdminToken } from '@trellis/devstack/test/harness';
import { EditorUnderTest, screenshot, startEditor } from './support/editor-stack';

const password = 'correct horse battery';
const hourMs = 3600_000;

/**
 * Operators as they use the editor: signing in with a password (and choosing a workspace), what
 * each role sees and may do, the audit log, and working a hand-off from the inbox to its resolution.
 */
describe('editor: sign-in, roles, the audit log and the hand-off inbox', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;
  let editor: EditorUnderTest;
  let apiKey: string;
  let workspaceId: string;
  let overdueTaskId: string;
  let journeyId: string;

  const anonymous = () => httpClient(stack.api.url);
  const session = (token: string) => httpClient(stack.api.url, token, { headers: { 'x-trellis-workspace': workspaceId } });

  /** A workspace with its owner signed in; the owner invites each colleague, who accepts with a password. */
  async function workspaceWithTeam(name: string, ownerEmail: string, team: [email: string, role: string][]) {
    const created = await httpClient(stack.api.url, testAdminToken).post('/v1/workspaces', { name, owner: { email: ownerEmail, name: ownerEmail.split('@')[0], password } });
    expect(created.status).toBe(201);
    const id = created.body.workspace.id as string;
    const owner = httpClient(stack.api.url, (await anonymous().post('/v1/auth/sign-in', { email: ownerEmail, password })).body.token, { headers: { 'x-trellis-workspace': id } });
    for (const [email, role] of team) {
      const invited = await owner.post('/v1/members/invites', { email, role });
      expect((await anonymous().post('/v1/auth/accept-invite', { token: invited.body.token, name: email.split('@')[0], password })).status).toBe(200);
    }
    return { id, apiKey: created.body.apiKey.key as string, owner };
  }

  /** A hand-off as a journey's `action.handoff` opens it (this stack runs no journey worker). */
  async function handOff(fields: { title: string; note: string; queue: string; priority: string; contactId: string; createdAt: Date; firstResponseInMs: number }) {
    const id = randomBytes(12).toString('hex');
    const { createdAt, firstResponseInMs, ...rest } = fields;
    await stack.mongo.collection('tasks').insertOne({
      _id: id as never,
      workspaceId,
      journeyId,
      nodeId: 'care',
      ...rest,
      status: 'open',
      notes: [],
      createdAt,
      due: { firstResponseBy: new Date(createdAt.getTime() + firstResponseInMs), resolveBy: new Date(createdAt.getTime() + 24 * hourMs) },
      escalations: [],
    });
    return id;
  }

  beforeAll(async () => {
    stack = await startApiAlone('editor-access');
    const tea = await workspaceWithTeam('Tea House', 'ada@tea.example', [
      ['ana@tea.example', 'analyst'],
      ['sam@tea.example', 'support'],
    ]);
    ({ id: workspaceId, apiKey } = tea);
    // Sam supports a second workspace too, so signing in asks which one.
    await workspaceWithTeam('Coffee Corner', 'cora@coffee.example', [['sam@tea.example', 'support']]);

    const journey = await tea.owner.post('/v1/journeys', {
      name: 'Complaint care',
      nodes: [
        { id: 'in', type: 'trigger.event', config: { event: 'complained' } },
        { id: 'out', type: 'exit', config: {} },
      ],
      edges: [{ from: 'in', port: 'next', to: 'out' }],
    });
    journeyId = journey.body.id;
    expect((await tea.owner.post(`/v1/journeys/${journeyId}/publish`, { note: 'first version' })).status).toBe(200);
    const contact = await tea.owner.post('/v1/contacts', { userId: 'mei', email: 'mei@tea.example' });
    expect(contact.status).toBe(201);
    const now = Date.now();
    overdueTaskId = await handOff({ title: 'Call about the late delivery', note: 'Mei complained twice about a late order; offer a refund.', queue: 'care', priority: 'high', contactId: contact.body.id, createdAt: new Date(now - 2 * hourMs), firstResponseInMs: hourMs });
    await handOff({ title: 'Large order consultation', note: 'Asked for 40 gift boxes.', queue: 'sales', priority: 'normal', contactId: contact.body.id, createdAt: new Date(now - 10 * 60_000), firstResponseInMs: 4 * hourMs });

    editor = await startEditor(stack.api.url, apiKey);
  }, 180_000);

  afterAll(async () => {
    await editor?.close();
    await stack?.stop();
  });

  async function signInPage(route: string, height = 900): Promise<Page> {
    const context = await editor.browser.newContext({ viewport: { width: 1440, height }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${editor.url}/#/${route}`);
    return page;
  }

  async function signIn(page: Page, email: string, secret = password) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(secret);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** The session token the editor keeps: proof that the API refuses what the UI disables. */
  const storedToken = async (page: Page) => (await page.evaluate(() => JSON.parse(localStorage.getItem('trellis.credentials') ?? '{}') as { token?: string })).token!;

  it('signs an admin in with email and password, refusing a wrong one, and shows the audit log', async () => {
    const page = await signInPage('audit');
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { name: '登录 Trellis' }).waitFor();
    await page.getByLabel('语言').selectOption('en');
    await signIn(page, 'ada@tea.example', 'not the password');
    await page.getByRole('alert').getByText('The email or password is wrong.').waitFor();
    // What was typed stays, to be corrected rather than retyped.
    expect(await page.getByLabel('Email').inputValue()).toBe('ada@tea.example');
    await screenshot(page, 'sign-in');

    await signIn(page, 'ada@tea.example');
    const table = page.getByRole('table', { name: 'Audit log entries, newest first' });
    await table.getByText('Published a journey').waitFor();
    const actions = await table.locator('.audit-table__code').allTextContents();
    expect(actions).toEqual(['journey.published', 'member.joined', 'member.invited', 'member.joined', 'member.invited', 'api_key.created', 'member.added', 'workspace.created']);
    expect(await table.getByRole('row').nth(1).textContent()).toContain('first version');
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).isVisible()).resolves.toBe(true);

    await page.getByLabel('Action').selectOption({ label: 'Invited a member' });
    expect(await table.locator('.audit-table__code').allTextContents()).toEqual(['member.invited', 'member.invited']);
    await page.getByLabel('Action').selectOption({ label: 'Any action' });
    await screenshot(page, 'audit');
  });

  it('keeps an analyst to reading: no audit log, the inbox without its controls, and the API refuses anyway', async () => {
    const page = await signInPage('audit');
    await signIn(page, 'ana@tea.example');
    await page.getByRole('alert').getByText('Your role does not allow this.').waitFor();
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Hand-off inbox' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    await page.evaluate((id) => (window.location.hash = `#/inbox/${id}`), overdueTaskId);
    await page.getByRole('heading', { name: 'Call about the late delivery' }).waitFor();
    await page.getByText('Your role can read the inbox but not work tasks.').waitFor();
    expect(await page.getByRole('button', { name: 'Claim' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Resolve task' }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Reply or note').isDisabled()).toBe(true);

    const analyst = session(await storedToken(page));
    expectProblem(await analyst.post(`/v1/tasks/${overdueTaskId}/claim`), 403);
    expectProblem(await analyst.get('/v1/audit'), 403);
  });

  it('lets support choose a workspace, then claim, answer and resolve an overdue hand-off', async () => {
    // Tall enough to show the whole task: its history and the forms to work it.
    const page = await signInPage('inbox', 1200);
    await signIn(page, 'sam@tea.example');
    const workspaces = page.getByRole('list', { name: 'Choose a workspace' });
    await workspaces.getByText('Coffee Corner').waitFor();
    await workspaces.getByRole('button', { name: /Tea House/ }).click();

    const list = page.getByRole('list', { name: 'Tasks, oldest first' });
    await list.getByText('Large order consultation').waitFor();
    expect(await list.getByRole('link').allTextContents()).toEqual([expect.stringContaining('Call about the late delivery'), expect.stringContaining('Large order consultation')]);
    // The unanswered case past its first-response promise stands out; the fresh one does not.
    expect(await list.locator('.task-list__item--overdue').count()).toBe(1);
    await list.locator('.task-list__item--overdue').getByText(/overdue by 1 hour/).waitFor();
    await page.getByText('2 tasks, 1 overdue').waitFor();
    await screenshot(page, 'inbox');

    await list.getByRole('link', { name: /Call about the late delivery/ }).click();
    await page.getByText('Mei complained twice about a late order; offer a refund.').waitFor();
    await page.getByRole('link', { name: 'Complaint care' }).waitFor();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByText('You have this task.').waitFor();

    await page.getByLabel('Reply or note').fill('Called Mei: refund agreed.');
    await page.getByRole('button', { name: 'Record reply to contact' }).click();
    await page.getByText('sam@tea.example replied to the contact').waitFor();
    expect(await page.getByLabel('Reply or note').inputValue()).toBe('');
    await page.getByText(/met late/).waitFor();
    await screenshot(page, 'inbox-task');

    await page.getByLabel('Resolution', { exact: true }).fill('refunded');
    await page.getByRole('button', { name: 'Resolve task' }).click();
    await page.getByText('Resolved: refunded').waitFor();
    expect(await page.getByRole('button', { name: 'Claim' }).count()).toBe(0);

    const support = session(await storedToken(page));
    expect((await support.get(`/v1/tasks/${overdueTaskId}`)).body).toMatchObject({ status: 'resolved', resolution: 'refunded', assignee: { name: 'sam@tea.example' }, notes: [{ kind: 'response', text: 'Called Mei: refund agreed.' }] });
    expectProblem(await support.get('/v1/audit'), 403);
    const audit = (await httpClient(stack.api.url, apiKey).get('/v1/audit?limit=2')).body.events as { action: string; actor: { name: string } }[];
    expect(audit.map((event) => [event.action, event.actor.name])).toEqual([
      ['task.resolved', 'sam@tea.example'],
      ['task.claimed', 'sam@tea.example'],
    ]);
  });

  it('says why saved credentials were refused, and takes a working API key instead', async () => {
    const revoked = await httpClient(stack.api.url, apiKey).post('/v1/api-keys', { name: 'old laptop', scope: 'read' });
    await httpClient(stack.api.url, apiKey).delete(`/v1/api-keys/${revoked.body.id}`);
    const page = await editor.open('inbox', { apiKey: revoked.body.key });
    const alert = page.getByRole('alert');
    await alert.getByText('Your saved sign-in no longer works. Sign in again.').waitFor();
    expect(await alert.textContent()).toMatch(/unknown or revoked/);

    await page.getByRole('button', { name: 'Use an API key instead' }).click();
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('list', { name: 'Tasks, oldest first' }).waitFor();
  });
});
