import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@trellis/devstack/lib/paths';
import { createWorkspace, startApi, testMongoUri } from '@trellis/devstack/test/harness';

const bin = join(repoRoot, 'engine/nodes/bin/trellis.js');
const dir = mkdtempSync(join(tmpdir(), 'trellis-cli-'));
const welcome = join(repoRoot, 'workflows/welcome-series.json');
const memberWelcome = join(repoRoot, 'workflows/new-member-welcome.json');

function trellis(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI run without blocking this process, which also serves the API it talks to. */
function trellisAgainst(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The `trellis` command as a user runs it: the compiled CLI in a child process. */
describe('trellis CLI', () => {
  it('validates a template and says so', () => {
    const result = trellis('validate', welcome);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid \(4 nodes, plan [0-9a-f]{12}\)/);
  });

  it('lists every problem of a broken journey, for humans and as JSON, with exit code 1', () => {
    const broken = file('broken.json', {
      name: 'broken',
      nodes: [
        { id: 'start', type: 'trigger.event', config: {} },
        { id: 'wait', type: 'wait.delay', config: { amount: 0, unit: 'days' } },
      ],
      edges: [{ from: 'start', to: 'wait' }],
    });
    const human = trellis('validate', broken);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('3 problems');
    expect(human.stdout).toContain('node wait, field amount:');
    const machine = trellis('validate', broken, '--json');
    expect(machine.code).toBe(1);
    expect(JSON.parse(machine.stdout).errors.map((error: { code: string }) => error.code).sort()).toEqual(['invalid_config', 'invalid_config', 'unconnected_port']);
  });

  it('simulates a journey over a script and prints the timelines as JSON', () => {
    const script = file('script.json', {
      start: '2026-11-23T00:00:00Z',
      contacts: [{ id: 'li', timezone: 'Asia/Shanghai' }],
      events: [{ at: '2026-11-23T02:00:00Z', contactId: 'li', name: 'signed_up' }],
    });
    const result = trellis('simulate', welcome, '--script', script);
    expect(result.code).toBe(0);
    const timeline = JSON.parse(result.stdout).contacts.li as { type: string; at: string }[];
    expect(timeline.at(-1)).toEqual({ at: '2026-11-26T02:00:00.000Z', type: 'exited', nodeId: 'done', reason: 'completed' });
  });

  it('reports a script that does not fit the journey as an error, not a crash', () => {
    const segmentJourney = file('segment-journey.json', {
      name: 'lapsed',
      nodes: [
        { id: 'start', type: 'trigger.segment', config: { segment: 'lapsed' } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [{ from: 'start', port: 'next', to: 'done' }],
    });
    const script = file('no-segments.json', { start: '2026-11-23T00:00:00Z', contacts: [{ id: 'li' }] });
    const result = trellis('simulate', segmentJourney, '--script', script);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the simulation stopped\n.*segment "lapsed".*\[unknown_segment\]/);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('validates a whole folder of templates, naming each file', () => {
    const folder = join(dir, 'templates');
    mkdirSync(folder);
    writeFileSync(join(folder, 'good.json'), readFileSync(welcome));
    writeFileSync(join(folder, 'bad.json'), JSON.stringify({ name: 'bad', nodes: [], edges: [] }));
    const result = trellis('validate', folder);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^bad\.json: 1 problem\(s\)\n.*\[no_trigger\]/m);
    expect(result.stdout).toMatch(/^good\.json: valid$/m);
  });

  it('fills in a template with parameters, and diffs two journeys node by node', () => {
    const defaults = join(dir, 'defaults.json');
    const custom = join(dir, 'custom.json');
    expect(trellis('instantiate', memberWelcome, '--out', defaults).code).toBe(0);
    expect(trellis('instantiate', memberWelcome, '--param', 'couponAfterDays=5', '--param', 'tags=["vip","new"]', '--name', 'VIP welcome', '--out', custom).code).toBe(0);
    const made = JSON.parse(readFileSync(custom, 'utf8')) as { name: string; nodes: { id: string; config: Record<string, unknown> }[] };
    expect(made.name).toBe('VIP welcome');
    expect(made.nodes.find((node) => node.id === 'wait-coupon')?.config).toEqual({ amount: 5, unit: 'days' });
    expect(readFileSync(custom, 'utf8')).toMatch(/\n$/);

    const changed = trellis('diff', defaults, custom);
    expect(changed.code).toBe(1);
    expect(changed.stdout.trim().split('\n')).toEqual(['name: "New-member welcome" → "VIP welcome"', '~ tag-new: add', '~ wait-coupon: amount']);
    expect(trellis('diff', defaults, defaults)).toMatchObject({ code: 0, stdout: 'no differences\n' });
    expect(JSON.parse(trellis('diff', defaults, custom, '--json').stdout)).toMatchObject({ changed: [{ id: 'tag-new', fields: ['add'] }, { id: 'wait-coupon', fields: ['amount'] }] });

    const refused = trellis('instantiate', memberWelcome, '--param', 'couponAfterDays=99');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--param couponAfterDays: .*30/);
  });

  it.each([
    ['a missing file', ['validate', join(dir, 'missing.json')], 2, /cannot read the journey/],
    ['a file that is not JSON', ['validate', 'NOT_JSON'], 2, /not valid JSON/],
    ['an unknown command', ['launch', welcome], 2, /usage:/],
    ['simulate without a script', ['simulate', welcome], 2, /needs --script/],
    ['diff with one file', ['diff', welcome], 2, /needs two journey files/],
    ['a parameter without a value', ['instantiate', memberWelcome, '--param', 'oops'], 2, /name=value/],
    ['an invalid script', ['simulate', welcome, '--script', 'BAD_SCRIPT'], 1, /invalid script/],
  ])('fails clearly on %s', (_case, args, code, message) => {
    const resolved = args.map((arg) => (arg === 'NOT_JSON' ? file('not.json', '{ nope') : arg === 'BAD_SCRIPT' ? file('bad-script.json', { start: 'x', contacts: [] }) : arg));
    const result = trellis(...resolved);
    expect(result.code).toBe(code);
    expect(result.stdout + result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack traces
  });

  describe('against the API', () => {
    let api: Awaited<ReturnType<typeof startApi>>;
    let env: Record<string, string>;

    beforeAll(async () => {
      api = await startApi({ mongoUri: testMongoUri('cli'), temporalAddress: '127.0.0.1:1' });
      env = { TRELLIS_API_URL: api.url, TRELLIS_API_KEY: (await createWorkspace(api.url)).apiKey };
    });

    afterAll(async () => {
      await api?.close();
    });

    it('round-trips a journey byte for byte: pull → edit → push → publish → pull', async () => {
      const pushed = await trellisAgainst(env, 'push', welcome, '--json');
      expect(pushed.code).toBe(0);
      const { id } = JSON.parse(pushed.stdout) as { id: string };
      expect((await trellisAgainst(env, 'publish', id, '--note', 'first')).stdout).toBe(`${id}: published version 1\n`);

      const first = join(dir, 'pulled-1.json');
      expect((await trellisAgainst(env, 'pull', id, '--out', first)).code).toBe(0);
      const pulled = readFileSync(first, 'utf8');
      // Pushing what was pulled changes nothing: same draft, and publishing it is a no-op.
      expect((await trellisAgainst(env, 'push', first)).stdout).toBe(`${first}: draft updated (${id})\n`);
      expect((await trellisAgainst(env, 'publish', id)).stdout).toBe(`${id}: unchanged since version 1\n`);
      expect((await trellisAgainst(env, 'pull', id)).stdout).toBe(pulled);

      const edited = join(dir, 'edited.json');
      writeFileSync(edited, pulled.replace('"amount": 3', '"amount": 5'));
      expect((await trellisAgainst(env, 'publish', edited, '--note', 'longer wait')).stdout).toMatch(new RegExp(`${id}: published version 2\n$`));
      const second = join(dir, 'pulled-2.json');
      await trellisAgainst(env, 'pull', id, '--out', second);
      expect(readFileSync(second, 'utf8')).toBe(readFileSync(edited, 'utf8'));
      expect((await trellisAgainst(env, 'pull', id, '--version', '1')).stdout).toBe(pulled);
      expect((await trellisAgainst(env, 'diff', first, second)).stdout).toBe('~ wait-3-days: amount\n');
    });

    it('refuses to publish a draft with errors, naming them, with exit code 1', async () => {
      const broken = file('broken-push.json', { name: 'Broken push', nodes: [{ id: 'start', type: 'trigger.event', config: {} }], edges: [] });
      const result = await trellisAgainst(env, 'publish', broken);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/node start.*\[invalid_config\]/);
    });

    it('says what is wrong with its credentials', async () => {
      expect(await trellisAgainst({ ...env, TRELLIS_API_KEY: '' }, 'pull', 'x')).toMatchObject({ code: 2, stderr: expect.stringMatching(/set TRELLIS_API_KEY/) });
      expect(await trellisAgainst({ ...env, TRELLIS_API_KEY: `trl_${'0'.repeat(43)}` }, 'pull', '0123456789abcdef01234567')).toMatchObject({ code: 2 });
      expect(await trellisAgainst({ ...env, TRELLIS_API_URL: 'http://127.0.0.1:1' }, 'pull', 'x')).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot reach the API/) });
    });
  });
});
