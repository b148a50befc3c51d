import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths';

/**
 * DESIGN.md's import rules, checked the way `npm run lint` checks them. Each probe is linted as
 * if it were a file in that project, so nothing is written into the source tree.
 */
describe('module boundaries', () => {
  beforeAll(() => {
    // The Nx rule reads the cached project graph and silently skips itself without one.
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
  }, 60_000);

  // The ESLint CLI on stdin, as `npm run lint` runs it (its config loader cannot run inside Jest's VM).
  async function violations(file: string, code: string): Promise<string[]> {
    let output: string;
    try {
      output = execFileSync(process.execPath, [join(repoRoot, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'], {
        cwd: repoRoot,
        input: code,
        env: { ...process.env, NX_DAEMON: 'false' },
        encoding: 'utf8',
      });
    } catch (error) {
      output = (error as { stdout: string }).stdout; // exit code 1 means "problems found"
    }
    const [result] = JSON.parse(output) as { messages: { ruleId: string | null; message: string }[] }[];
    return (result?.messages ?? []).filter((message) => message.ruleId === '@nx/enforce-module-boundaries').map((message) => message.message);
  }

  jest.setTimeout(30_000);

  it.each([
    ['engine/journey imports engine/api', 'engine/journey/src/probe.ts', "import { createApp } from '@trellis/api';\nexport const x = createApp;\n"],
    ['engine/journey imports engine/runtime', 'engine/journey/src/probe.ts', "import { taskQueue } from '@trellis/runtime';\nexport const x = taskQueue;\n"],
    ['engine/journey imports mongoose', 'engine/journey/src/probe.ts', "import mongoose from 'mongoose';\nexport const x = mongoose;\n"],
    ['engine/journey imports Temporal', 'engine/journey/src/probe.ts', "import { sleep } from '@temporalio/workflow';\nexport const x = sleep;\n"],
    ['the editor imports server code', 'editor/src/probe.ts', "import { createApp } from '@trellis/api';\nexport const x = createApp;\n"],
    ['the editor imports the runtime', 'editor/src/probe.ts', "import { taskQueue } from '@trellis/runtime';\nexport const x = taskQueue;\n"],
  ])('fails when %s', async (_case, file, code) => {
    expect(await violations(file, code)).not.toEqual([]);
  });

  it.each([
    ['engine/api imports the journey core', 'engine/api/src/probe.ts', "import { compile } from '@trellis/journey';\nexport const x = compile;\n"],
    ['engine/runtime imports the nodes', 'engine/runtime/src/probe.ts', "import { createNodeCatalogue } from '@trellis/nodes';\nexport const x = createNodeCatalogue;\n"],
    ['the editor imports the journey core', 'editor/src/probe.ts', "import { compile } from '@trellis/journey';\nexport const x = compile;\n"],
  ])('allows %s', async (_case, file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
