import { join } from 'node:path';
import { repoRoot } from '../lib/paths';
import { run } from '../lib/run';

async function main(): Promise<void> {
  const eslint = join(repoRoot, 'node_modules/eslint/bin/eslint.js');
  await run(process.execPath, [eslint, '--max-warnings=0', ...process.argv.slice(2)], { cwd: repoRoot, inherit: true });
  // Type-check the editor (the engine is type-checked by its build).
  await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'editor/tsconfig.json'], { cwd: repoRoot, inherit: true });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message.split('\n')[0] : error);
  process.exit(1);
});
