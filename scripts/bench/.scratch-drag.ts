import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { binaries } from '../lib/toolchain';
const stack = JSON.parse(readFileSync('/tmp/edbench/stack.json', 'utf8'));
const which = process.env.N ?? '300';
const url = stack.urls[Number(process.env.U ?? 0)];
const q = (v: number[], p: number) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]; };
async function main() {
  const browser = await chromium.launch({ executablePath: binaries.chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(`${url}/#apiKey=${stack.apiKey}`);
  await page.getByRole('link', { name: `${which}-node lifecycle journey`, exact: true }).first().waitFor();
  await page.evaluate(`location.hash = '#/journeys/${stack.ids[which]}'`);
  await page.waitForTimeout(3000);
  if (process.env.ZOOM) { await page.evaluate(`void 0`); for (let i = 0; i < Number(process.env.ZOOM); i++) { await page.mouse.move(720, 450); await page.mouse.wheel(0, -200); await page.waitForTimeout(100); } await page.waitForTimeout(1000); }
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')) as any).metrics.map((m: any) => [m.name, m.value]));
  for (let r = 0; r < Number(process.env.R ?? 3); r++) {
    const g: any = await page.evaluate(`(() => { const c = document.querySelector('.react-flow').getBoundingClientRect(); const cx = c.left + c.width/2, cy = c.top + c.height/2; let b; for (const n of document.querySelectorAll('[data-testid="journey-node"]')) { const r = n.getBoundingClientRect(); const x = r.left + r.width/2, y = r.top + r.height/2; const d = Math.hypot(x-cx, y-cy); if (!b || d < b.d) b = {x, y, d, type: n.dataset.nodeType}; } return { ...b, rendered: document.querySelectorAll('[data-testid="journey-node"]').length }; })()`);
    if (process.env.CLICK) { await page.mouse.click(g.x, g.y); await page.waitForTimeout(700); }
    await page.evaluate(`(() => { const rec = { moving: [], dropped: [], phase: 'moving', stop: false }; let p; const loop = (t) => { if (p !== undefined) rec[rec.phase].push(t - p); p = t; if (!rec.stop) requestAnimationFrame(loop); }; requestAnimationFrame(loop); window.__f = rec; })()`);
    await page.mouse.move(g.x, g.y); await page.mouse.down();
    const m0 = await busy();
    const t0 = Date.now();
    while (Date.now() - t0 < 2000) { const a = 2 * Math.PI * (Date.now() - t0) / 1000; await page.mouse.move(g.x + 60 * Math.sin(a), g.y - 60 * (1 - Math.cos(a))); await page.waitForTimeout(8); }
    await page.mouse.move(g.x, g.y);
    const m1 = await busy();
    await page.evaluate(`window.__f.phase = 'dropped'`);
    await page.mouse.up();
    await page.waitForTimeout(1500);
    const rec: any = await page.evaluate(`(() => { window.__f.stop = true; return window.__f; })()`);
    const f: number[] = rec.moving;
    console.log(JSON.stringify({ type: g.type, rendered: g.rendered, frames: f.length, med: q(f, 0.5), p95: q(f, 0.95), max: Math.max(...f), over17: f.filter((x) => x > 17).length, first5: f.slice(0, 5).map(Math.round), drop: Math.round(Math.max(...rec.dropped)), taskMsPerFrame: +(((m1.TaskDuration - m0.TaskDuration) * 1000) / f.length).toFixed(2), scriptMsPerFrame: +(((m1.ScriptDuration - m0.ScriptDuration) * 1000) / f.length).toFixed(2), layoutStyle: +(((m1.LayoutDuration - m0.LayoutDuration + m1.RecalcStyleDuration - m0.RecalcStyleDuration) * 1000) / f.length).toFixed(2) }));
  }
  await browser.close();
}
main();
