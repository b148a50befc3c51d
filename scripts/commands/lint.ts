import { join } from 'node:path';
import { buildEngine } from '../lib/build';
import { repoRoot } from '../lib/paths';
import { run } from '../lib/run';

/**
 * `npm run lint`: ESLint with Nx's module-boundary rule, then a strict type-check of everything
 * the engine build does not cover (editor, tests, scripts).
 */
async function main(): Promise<void> {
  const nx = join(repoRoot, 'node_modules/nx/dist/bin/nx.js');
  const eslint = join(repoRoot, 'node_modules/eslint/bin/eslint.js');
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  // The boundary rule reads Nx's cached project graph and silently skips itself without one.
  await run(process.execPath, [nx, 'show', 'projects'], { cwd: repoRoot });
  await run(process.execPath, [eslint, '--max-warnings=0', ...process.argv.slice(2)], { cwd: repoRoot, inherit: true });
  await buildEngine();
  await run(process.execPath, [tsc, '-p', 'editor/tsconfig.json'], { cwd: repoRoot, inherit: true });
  await run(process.execPath, [tsc, '-p', 'tsconfig.check.json'], { cwd: repoRoot, inherit: true });
  console.log('lint: ok');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message.split('\n')[0] : error);
  process.exit(1);
});
