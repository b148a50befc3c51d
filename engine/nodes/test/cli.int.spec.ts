import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@trellis/devstack/lib/paths';

const bin = join(repoRoot, 'engine/nodes/bin/trellis.js');
const dir = mkdtempSync(join(tmpdir(), 'trellis-cli-'));
const welcome = join(repoRoot, 'workflows/welcome-series.json');

function trellis(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
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

  it.each([
    ['a missing file', ['validate', join(dir, 'missing.json')], 2, /cannot read the journey/],
    ['a file that is not JSON', ['validate', 'NOT_JSON'], 2, /not valid JSON/],
    ['an unknown command', ['launch', welcome], 2, /usage:/],
    ['simulate without a script', ['simulate', welcome], 2, /needs --script/],
    ['an invalid script', ['simulate', welcome, '--script', 'BAD_SCRIPT'], 1, /invalid script/],
  ])('fails clearly on %s', (_case, args, code, message) => {
    const resolved = args.map((arg) => (arg === 'NOT_JSON' ? file('not.json', '{ nope') : arg === 'BAD_SCRIPT' ? file('bad-script.json', { start: 'x', contacts: [] }) : arg));
    const result = trellis(...resolved);
    expect(result.code).toBe(code);
    expect(result.stdout + result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack traces
  });
});
