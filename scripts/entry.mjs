// The one entry point behind `npm start`, `npm test` and `npm run lint|build|bench`.
// It must run on a fresh clone before any dependency exists, so it uses only Node built-ins:
// install the locked dependencies when they are missing or stale, then hand over to the
// TypeScript command in scripts/commands/.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const commands = ['start', 'test', 'lint', 'build', 'bench'];
const command = process.argv[2];
if (!commands.includes(command)) {
  console.error(`usage: node scripts/entry.mjs <${commands.join('|')}> [args]`);
  process.exit(2);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Trellis needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
  process.exit(1);
}

const lockHash = () => createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
const marker = join(root, 'node_modules', '.trellis-lock-sha256');
if (!existsSync(marker) || readFileSync(marker, 'utf8') !== lockHash()) {
  // `npm install` rather than `npm ci`: it installs exactly the locked versions too, but it
  // tolerates optional platform packages (other OSes' native builds) that a registry mirror lacks.
  console.log('[setup] installing the locked npm dependencies…');
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) {
    console.error('[setup] npm install failed; see the output above.');
    process.exit(install.status ?? 1);
  }
  writeFileSync(marker, lockHash());
}

const tsx = join(root, 'node_modules', '.bin', 'tsx');
const child = spawn(tsx, [join(root, 'scripts', 'commands', `${command}.ts`), ...process.argv.slice(3)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NX_DAEMON: 'false' },
});
// Ctrl-C reaches the whole process group; a signal sent to this process alone is passed on,
// so the command always gets the chance to stop what it started.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
