import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { SourceMapConsumer } from 'source-map';
import { binaries } from '../lib/toolchain';
const stack = JSON.parse(readFileSync('/tmp/edbench/stack.json', 'utf8'));
const which = process.env.N ?? '300';
const url = stack.urls[Number(process.env.U ?? 1)];
const distDir = process.env.DIST ?? '/tmp/edbench/dist-nomin';
async function main() {
  const browser = await chromium.launch({ executablePath: binaries.chromium, args: ['--no-sandbox', '--disable-gpu'] });
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(`${url}/#apiKey=${stack.apiKey}`);
  await page.getByRole('link', { name: `${which}-node lifecycle journey`, exact: true }).first().waitFor();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  if (process.env.DRAG) {
    await page.evaluate(`location.hash = '#/journeys/${stack.ids[which]}'`);
    await page.waitForTimeout(2500);
    await cdp.send('Profiler.stop');
    await cdp.send('Profiler.start');
    const g: any = await page.evaluate(`(() => { const c = document.querySelector('.react-flow').getBoundingClientRect(); const cx = c.left + c.width/2, cy = c.top + c.height/2; let b; for (const n of document.querySelectorAll('[data-testid="journey-node"]')) { const r = n.getBoundingClientRect(); const x = r.left + r.width/2, y = r.top + r.height/2; const d = Math.hypot(x-cx, y-cy); if (!b || d < b.d) b = {x, y, d}; } return b; })()`);
    await page.mouse.move(g.x, g.y); await page.mouse.down();
    const t0 = Date.now();
    while (Date.now() - t0 < 2000) { const a = 2 * Math.PI * (Date.now() - t0) / 1000; await page.mouse.move(g.x + 60 * Math.sin(a), g.y - 60 * (1 - Math.cos(a))); await page.waitForTimeout(8); }
    if (process.env.DRAG === 'release') { await cdp.send('Profiler.stop'); await cdp.send('Profiler.start'); await page.mouse.up(); await page.waitForTimeout(1500); }
  } else {
    await page.evaluate(`location.hash = '#/journeys/${stack.ids[which]}'`);
    await page.waitForTimeout(3000);
  }
  const { profile } = (await cdp.send('Profiler.stop')) as any;
  const map = JSON.parse(readFileSync(`${distDir}/assets/${readFileSync(`${distDir}/index.html`, 'utf8').match(/assets\/(index-[^"]+\.js)/)![1]}.map`, 'utf8'));
  const consumer = await new SourceMapConsumer(map);
  const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
  const self = new Map<number, number>();
  const dts = profile.timeDeltas as number[];
  profile.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (dts[i + 1] ?? 0)));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = (n: any) => {
    const cf = n.callFrame;
    if (!cf.url.includes('/assets/')) return `${cf.functionName || '(anon)'} [${cf.url ? cf.url.split('/').pop() : 'native'}]`;
    const pos = consumer.originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber });
    const src = (pos.source ?? '?').replace(/^.*node_modules\//, 'nm/').replace(/^.*\/src\//, 'src/');
    return `${cf.functionName || '(anon)'} ${src}:${pos.line}`;
  };
  const selfBy = new Map<string, number>(); const fileBy = new Map<string, number>(); const total = new Map<string, number>();
  for (const [id, us] of self) {
    const n: any = byId.get(id); const w = where(n);
    selfBy.set(w, (selfBy.get(w) ?? 0) + us);
    const f = w.split(' ').slice(1).join(' ').replace(/:\d+$/, '').replace(/^(nm\/[^/]+(\/[^/]+)?).*/, '$1');
    fileBy.set(f, (fileBy.get(f) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: any = id; cur !== undefined; cur = parent.get(cur)) { const k = where(byId.get(cur)); if (!seen.has(k)) { seen.add(k); total.set(k, (total.get(k) ?? 0) + us); } }
  }
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([w, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${w}`).join('\n');
  console.log('--- self by function\n' + top(selfBy, 30));
  console.log('--- self by file/package\n' + top(fileBy, 25));
  console.log('--- total (inclusive) by function\n' + top(new Map([...total].filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(program)'))), 60));
  await browser.close();
}
main();
