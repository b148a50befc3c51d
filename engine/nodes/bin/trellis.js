#!/usr/bin/env node
// The `trellis` command (npx trellis …). It runs the compiled CLI; build it first if needed.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(cli)) {
  console.error('trellis: the engine is not compiled yet; run `npm run build` (or `npm start` / `npm test`) once.');
  process.exit(2);
}
require(cli);
