import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { binaries } from '../lib/toolchain';
const stack = JSON.parse(readFileSync('/tmp/edbench/stack.json', 'utf8'));
const which = process.env.N ?? '300';
const url = stack.urls[Number(process.env.U ?? 0)];
const probe = `async (route) => {
  const log = [];
  const lo = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) lo.push({ start: e.startTime, dur: e.duration, render: e.renderStart, style: e.styleAndLayoutStart, blocking: e.blockingDuration, scripts: e.scripts.map((s) => ({ inv: s.invoker, dur: Math.round(s.duration), src: (s.sourceURL||'').split('/').pop() + ':' + s.sourceCharPosition, fn: s.sourceFunctionName })) }); }).observe({ type: 'long-animation-frame', buffered: false });
  const started = performance.now();
  location.hash = route;
  return await new Promise((resolve) => {
    let last = '';
    const tick = () => {
      const now = performance.now();
      const nodes = document.querySelectorAll('.react-flow__node');
      let hidden = 0; for (const n of nodes) if (n.style.visibility === 'hidden') hidden++;
      const s = { jn: document.querySelectorAll('[data-testid="journey-node"]').length, hidden, vp: document.querySelector('.react-flow__viewport')?.style.transform ?? '', mm: document.querySelectorAll('.react-flow__minimap-node').length, first: nodes[0]?.style.transform };
      const key = JSON.stringify(s);
      if (key !== last) { last = key; log.push([Math.round(now - started), s]); }
      if (now - started > 4000) {
        const res = performance.getEntriesByType('resource').filter((e) => e.startTime >= started).map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime - started), Math.round(e.responseEnd - started)]);
        resolve({ log, res, lo: lo.map((x) => ({ ...x, start: Math.round(x.start - started), dur: Math.round(x.dur), render: Math.round(x.render - started), style: Math.round(x.style - started) })) });
      } else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}`;
async function main() {
  const browser = await chromium.launch({ executablePath: binaries.chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  for (let r = 0; r < Number(process.env.R ?? 2); r++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(`${url}/#apiKey=${stack.apiKey}`);
    await page.getByRole('link', { name: `${which}-node lifecycle journey`, exact: true }).first().waitFor();
    const out: any = await page.evaluate(`(${probe})('#/journeys/${stack.ids[which]}')`);
    console.log(JSON.stringify(out.res));
    for (const [t, s] of out.log) console.log(t, JSON.stringify(s).slice(0, 160));
    for (const l of out.lo) console.log('LOAF', JSON.stringify(l).slice(0, 1200));
    await ctx.close();
  }
  await browser.close();
}
main();
