import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');

/** Binaries and build products shared by every clone on this machine; never inside the repo. */
export const cacheDir = resolve(process.env.TRELLIS_CACHE ?? join(homedir(), '.cache', 'trellis'));

/** State of the embedded dev stack (Temporal and FerretDB SQLite files); git-ignored. */
export const dataDir = resolve(process.env.TRELLIS_DATA_DIR ?? join(repoRoot, '.data'));

export const editorDir = join(repoRoot, 'editor');

/** Vite as the editor workspace resolves it (npm may keep it under editor/node_modules). */
export const viteBin =
  [join(editorDir, 'node_modules/vite/bin/vite.js'), join(repoRoot, 'node_modules/vite/bin/vite.js')].find((path) => existsSync(path)) ??
  'vite';
