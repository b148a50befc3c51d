import { join } from 'node:path';
import { editorDir, repoRoot, viteBin } from './paths';
import { run } from './run';

/** Compiles the engine packages (incremental: a second run with no changes takes a second or two). */
export async function buildEngine(): Promise<void> {
  await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', join(repoRoot, 'tsconfig.json')], {
    inherit: true,
  });
}

export async function buildEditor(): Promise<void> {
  await run(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
    cwd: editorDir,
    inherit: true,
  });
}
