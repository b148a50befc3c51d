import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths';

/**
 * DESIGN.md's import rules, checked the way `npm run lint` checks them. Each probe is linted as
 * if it were a file in that project, so nothing is written into the source tree.
 */
type Probe = [label: string, file: string, code: string];

const forbidden: Probe[] = [
  ['engine/journey imports engine/api', 'engine/journey/src/probe.ts', "import { createApp } from '@trellis/api';\nexport const x = createApp;\n"],
  ['engine/journey imports engine/runtime', 'engine/journey/src/probe.ts', "import { taskQueue } from '@trellis/runtime';\nexport const x = taskQueue;\n"],
  ['engine/journey imports mongoose', 'engine/journey/src/probe.ts', "import mongoose from 'mongoose';\nexport const x = mongoose;\n"],
  ['engine/journey imports Temporal', 'engine/journey/src/probe.ts', "import { sleep } from '@temporalio/workflow';\nexport const x = sleep;\n"],
  ['the editor imports server code', 'editor/src/probe.ts', "import { createApp } from '@trellis/api';\nexport const x = createApp;\n"],
  ['the editor imports the runtime', 'editor/src/probe.ts', "import { taskQueue } from '@trellis/runtime';\nexport const x = taskQueue;\n"],
];

const allowed: Probe[] = [
  ['engine/api imports the journey core', 'engine/api/src/probe.ts', "import { compile } from '@trellis/journey';\nexport const x = compile;\n"],
  ['engine/runtime imports the nodes', 'engine/runtime/src/probe.ts', "import { createNodeCatalogue } from '@trellis/nodes';\nexport const x = createNodeCatalogue;\n"],
  ['the editor imports the journey core', 'editor/src/probe.ts', "import { compile } from '@trellis/journey';\nexport const x = compile;\n"],
];

// ESLint's config loader cannot run inside Jest's VM, so one Node process lints every probe with
// the project's ESLint config (as `npm run lint` does) and prints each probe's boundary violations.
const lintProbes = `
const { ESLint } = require('eslint');
const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
(async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const { file, code } of probes) {
    const [result] = await eslint.lintText(code, { filePath: require('node:path').join(process.cwd(), file) });
    out.push(result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message));
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

describe('module boundaries', () => {
  const violations = new Map<string, string[]>();

  beforeAll(() => {
    const env = { ...process.env, NX_DAEMON: 'false' };
    // The Nx rule reads the cached project graph and silently skips itself without one.
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], { cwd: repoRoot, env, stdio: 'ignore' });
    const probes = [...forbidden, ...allowed];
    const output = execFileSync(process.execPath, ['-e', lintProbes], {
      cwd: repoRoot,
      env,
      input: JSON.stringify(probes.map(([, file, code]) => ({ file, code }))),
      encoding: 'utf8',
    });
    (JSON.parse(output) as string[][]).forEach((messages, index) => violations.set(probes[index]![0], messages));
  }, 60_000);

  it.each(forbidden)('fails when %s', (label) => {
    expect(violations.get(label)).not.toEqual([]);
  });

  it.each(allowed)('allows %s', (label) => {
    expect(violations.get(label)).toEqual([]);
  });
});
