import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { binaries } from '../lib/toolchain';
const stack = JSON.parse(readFileSync('/tmp/edbench/stack.json', 'utf8'));
const src = readFileSync('/work/main/scripts/bench/editor.bench.ts', 'utf8');
const openAndSettle = src.match(/const openAndSettle = `([\s\S]*?)`;/)![1];
const q = (v: number[], p: number) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]; };
async function main() {
  const browser = await chromium.launch({ executablePath: binaries.chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const us = (process.env.US ?? '0,2').split(',').map(Number);
  const res: Record<string, number[]> = {};
  for (let r = 0; r < Number(process.env.R ?? 5); r++) for (const u of us) for (const n of (process.env.NS ?? '300,10').split(',')) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(`${stack.urls[u]}/#apiKey=${stack.apiKey}`);
    await page.getByRole('link', { name: `${n}-node lifecycle journey`, exact: true }).first().waitFor();
    const out: any = await page.evaluate(`(${openAndSettle})(${JSON.stringify([`#/journeys/${stack.ids[n]}`, 1000])})`);
    (res[`U${u} N${n}`] ??= []).push(Math.round(out.ms));
    await ctx.close();
  }
  for (const [k, v] of Object.entries(res)) console.log(k, 'median', q(v, 0.5), 'max', Math.max(...v), JSON.stringify(v));
  await browser.close();
}
main();
