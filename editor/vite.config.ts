import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const apiUrl = process.env.TRELLIS_API_URL ?? 'http://127.0.0.1:3000';
// The editor calls the API on its own origin; the dev and preview servers forward /v1 to it.
const proxy = { '/v1': { target: apiUrl, changeOrigin: true } };

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Use the journey core's TypeScript source directly: one source of truth, no stale build.
    alias: { '@trellis/journey': fileURLToPath(new URL('../engine/journey/src/index.ts', import.meta.url)) },
  },
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy },
  build: { outDir: 'dist', sourcemap: true },
});
