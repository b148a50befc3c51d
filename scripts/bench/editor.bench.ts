import { createFullCatalogue } from '@trellis/nodes';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { editorDir, viteBin } from '../lib/paths';
import { freePort } from '../lib/ports';
import { run } from '../lib/run';
import { editor, ferretdb } from '../lib/services';
import { Supervisor } from '../lib/supervisor';
import { binaries, ensureChromium, ensureFerretdb } from '../lib/toolchain';
import { createWorkspace, eventually, httpClient, RunningApi, startApi } from '../test/harness';
import { BenchGroup } from './bench-case';
import { largeJourney } from './large-journey';

const viewport = { width: 1440, height: 900 };
/** The canvas is taken as drawn once nothing on it has changed for this long. */
const settledMs = 1_000;
/** One move per 8 ms, as a 125 Hz mouse sends them; Chromium folds those of a frame into one. */
const moveEveryMs = 8;
const dragMs = 2_000;
/**
 * A frame is long when it missed a 60 Hz vsync. Not "over 16.7 ms": rAF timestamps are coarsened
 * to 0.1 ms, so frames that kept up read 16.6 to 16.8 ms; one that missed a vsync reads 33.3.
 */
const longFrameMs = 17;

/**
 * Run in the page as source text, not as functions: tsx compiles this file with esbuild's
 * keepNames, whose `__name` helper would travel with a serialised function and not exist there.
 *
 * Opens `route` from the page the user is on (the journey list) and resolves once the canvas has
 * settled: journey nodes in the DOM, all measured by React Flow (none left `visibility: hidden`),
 * the viewport transform, node transforms and minimap unchanged for `settledMs`. The time is that
 * of the animation frame in which the final state was first seen (the frame that paints it), from
 * just before the hash changes, so it covers the route change, the journey and catalogue requests,
 * React's renders, dagre when the journey has no positions, React Flow's measuring and the fit.
 * EditorCanvas sets `onlyRenderVisibleElements`, so drawn means the nodes in view (a 300-node
 * journey fitted at the minimum zoom shows about a third) and all of them in the minimap; React
 * Flow still mounts every node once, hidden, to measure it, before it can leave any out.
 */
const openAndSettle = `async ([route, settledMs]) => {
  const canvas = () => {
    const nodes = document.querySelectorAll('.react-flow__node');
    let hidden = 0;
    let transforms = '';
    for (const node of nodes) {
      if (node.style.visibility === 'hidden') hidden++;
      transforms += node.style.transform;
    }
    return {
      journeyNodes: document.querySelectorAll('[data-testid="journey-node"]').length,
      hidden,
      transforms,
      viewport: document.querySelector('.react-flow__viewport')?.style.transform ?? '',
      minimap: document.querySelectorAll('.react-flow__minimap-node').length,
    };
  };
  const started = performance.now();
  window.location.hash = route;
  return await new Promise((resolve, reject) => {
    let last = '';
    let changedAt = started;
    const tick = () => {
      const now = performance.now();
      const state = canvas();
      const key = JSON.stringify(state);
      if (key !== last) {
        last = key;
        changedAt = now;
      }
      const drawn = state.journeyNodes > 0 && state.hidden === 0 && state.viewport !== '' && state.minimap > 0;
      if (drawn && now - changedAt >= settledMs) resolve({ ms: changedAt - started, rendered: state.journeyNodes, minimap: state.minimap, viewport: state.viewport });
      else if (now - started > 30000) reject(new Error('the canvas did not settle in 30 s: ' + key.slice(0, 300)));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}`;

/**
 * Frame durations as the page sees them: the gap between consecutive requestAnimationFrame
 * timestamps, filed under the phase the driver sets (selecting the node, moving it, after the release).
 */
const recordFrames = `(() => {
  const record = { select: [], moving: [], dropped: [], phase: 'select', stop: false };
  let previous;
  const loop = (at) => {
    if (previous !== undefined) record[record.phase].push(at - previous);
    previous = at;
    if (!record.stop) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  window.__benchFrames = record;
})()`;

/** The message node nearest the canvas's centre: both journeys have one, so selecting it opens the same inspector form. */
const nodeToDrag = `(() => {
  const canvas = document.querySelector('.react-flow').getBoundingClientRect();
  const centre = { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 };
  let best;
  for (const node of document.querySelectorAll('[data-testid="journey-node"][data-node-type="action.message"]')) {
    const box = node.getBoundingClientRect();
    const distance = Math.hypot(box.left + box.width / 2 - centre.x, box.top + box.height / 2 - centre.y);
    if (!best || distance < best.distance) best = { id: node.dataset.nodeId, distance };
  }
  return best.id;
})()`;

interface Dragged {
  frames: number[];
  busyPerFrame: number[];
  /** Longest frame after the click that selects the node, and after each release. */
  selects: number[];
  drops: number[];
  rendered: number;
}

interface Settled {
  ms: number;
  rendered: number;
  minimap: number;
  viewport: string;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const round = (value: number) => Number(value.toFixed(2));
/** Other work on the machine skews browser timings more than anything here: recorded beside them. */
const load = () => ({ 'machine load (1-min average) at the start': round(loadavg()[0]!) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The journey editor in headless Chromium (no GPU: Skia paints on the CPU, and rAF runs at 60 Hz)
 * against the real API, opening and dragging a 300-node journey, each against the same on a
 * 10-node journey in the same run, so the ratio says what the journey's size costs.
 */
export function editorGroup(options: { nodes: number; baselineNodes: number; runs: number }): BenchGroup {
  let servers: Supervisor;
  let dataDir: string;
  let api: RunningApi;
  let browser: Browser;
  let editorUrl: string;
  let apiKey: string;
  let http: ReturnType<typeof httpClient>;
  let journeys: Record<'subject' | 'baseline', ReturnType<typeof largeJourney>>;
  /** The same journeys after a first open: laid out by the editor and autosaved with positions. */
  const saved: { subject?: string; baseline?: string } = {};

  /** A fresh tab (its own storage and cache), signed in, on the journey list showing `name`. */
  async function signedIn(name: string): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${editorUrl}/#apiKey=${apiKey}`);
    await page.getByRole('link', { name, exact: true }).first().waitFor();
    return page;
  }

  async function open(page: Page, journeyId: string): Promise<Settled> {
    return page.evaluate(`(${openAndSettle})(${JSON.stringify([`#/journeys/${journeyId}`, settledMs])})`) as Promise<Settled>;
  }

  async function create(journey: ReturnType<typeof largeJourney>): Promise<string> {
    const created = await http.post<{ id: string }>('/v1/journeys', journey);
    if (created.status !== 201) throw new Error(`journey not created: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id;
  }

  /** Opens the journey in `runs` fresh tabs; `fresh` makes a new copy for each (no positions yet). */
  async function opens(which: 'subject' | 'baseline', fresh: boolean): Promise<Settled[]> {
    const results: Settled[] = [];
    for (let index = 0; index < options.runs; index++) {
      const journeyId = fresh ? await create(journeys[which]) : saved[which]!;
      const page = await signedIn(journeys[which].name);
      try {
        results.push(await open(page, journeyId));
      } finally {
        await page.context().close();
      }
    }
    return results;
  }

  function openFigures(label: string, subject: Settled[], baseline: Settled[]): Record<string, number> {
    const times = (results: Settled[]) => results.map((result) => result.ms);
    const median = quantile(times(subject), 0.5);
    const baselineMedian = quantile(times(baseline), 0.5);
    return {
      [`${options.nodes} nodes, ${label}: median (ms)`]: round(median),
      [`${options.nodes} nodes, ${label}: p95 (ms)`]: round(quantile(times(subject), 0.95)),
      [`${options.nodes} nodes: journey nodes in the DOM once settled`]: quantile(subject.map((result) => result.rendered), 0.5),
      [`${options.nodes} nodes: minimap nodes`]: quantile(subject.map((result) => result.minimap), 0.5),
      [`${options.baselineNodes} nodes (baseline): median (ms)`]: round(baselineMedian),
      [`${options.baselineNodes} nodes (baseline): p95 (ms)`]: round(quantile(times(baseline), 0.95)),
      'ratio (median / baseline median)': round(median / baselineMedian),
      runs: options.runs,
    };
  }

  /**
   * Selects a message node near the canvas's centre with a click, then `runs` times drags it
   * around a circle (radius 60 px, one turn a second) for `dragMs` and lets go where it started.
   * Frames while moving are timed by rAF; the renderer's main-thread time over the same span
   * comes from the DevTools protocol (Performance.getMetrics TaskDuration), per frame.
   */
  async function drags(which: 'subject' | 'baseline'): Promise<Dragged> {
    const page = await signedIn(journeys[which].name);
    try {
      const settled = await open(page, saved[which]!);
      const devtools = await page.context().newCDPSession(page);
      await devtools.send('Performance.enable');
      const taskMs = async () => 1000 * ((await devtools.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? NaN);
      const nodeId = (await page.evaluate(nodeToDrag)) as string;
      const result: Dragged = { frames: [], busyPerFrame: [], selects: [], drops: [], rendered: settled.rendered };
      for (let index = 0; index < options.runs; index++) {
        const box = (await page.locator(`[data-node-id="${nodeId}"]`).boundingBox())!;
        const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
        await page.evaluate(recordFrames);
        // Only the first click selects (and opens the inspector); later ones find it selected.
        await page.mouse.click(x, y);
        await sleep(700);
        await page.evaluate(`window.__benchFrames.phase = 'moving'`);
        const busyBefore = await taskMs();
        await page.mouse.down();
        const began = performance.now();
        for (let next = began + moveEveryMs; ; next += moveEveryMs) {
          const elapsed = performance.now() - began;
          if (elapsed >= dragMs) break;
          const angle = (2 * Math.PI * elapsed) / 1000;
          await page.mouse.move(x + 60 * Math.sin(angle), y - 60 * (1 - Math.cos(angle)));
          await sleep(Math.max(0, next - performance.now()));
        }
        await page.mouse.move(x, y);
        const busy = (await taskMs()) - busyBefore;
        await page.evaluate(`window.__benchFrames.phase = 'dropped'`);
        await page.mouse.up();
        // The release commits the move to the draft; autosave sends it 700 ms later, then validates it.
        await sleep(1_500);
        const record = (await page.evaluate(`(() => { window.__benchFrames.stop = true; return window.__benchFrames; })()`)) as Record<'select' | 'moving' | 'dropped', number[]>;
        result.frames.push(...record.moving);
        result.busyPerFrame.push(busy / record.moving.length);
        result.selects.push(Math.max(...record.select));
        result.drops.push(Math.max(...record.dropped));
      }
      return result;
    } finally {
      await page.context().close();
    }
  }

  function frameFigures(prefix: string, result: Dragged): Record<string, number> {
    return {
      [`${prefix}: frame median (ms)`]: round(quantile(result.frames, 0.5)),
      [`${prefix}: frame p95 (ms)`]: round(quantile(result.frames, 0.95)),
      [`${prefix}: frame max (ms)`]: round(Math.max(...result.frames)),
      [`${prefix}: long frames (missed a vsync, > ${longFrameMs} ms)`]: result.frames.filter((ms) => ms > longFrameMs).length,
      [`${prefix}: frames recorded while dragging`]: result.frames.length,
      [`${prefix}: main-thread busy per frame, median of drags (ms)`]: round(quantile(result.busyPerFrame, 0.5)),
      [`${prefix}: selecting click, longest frame (ms)`]: round(result.selects[0]!),
      [`${prefix}: release, longest frame, median (ms)`]: round(quantile(result.drops, 0.5)),
      [`${prefix}: journey nodes in the DOM`]: result.rendered,
    };
  }

  return {
    name: 'editor',
    async setup() {
      const catalogue = createFullCatalogue();
      journeys = { subject: largeJourney(options.nodes, catalogue), baseline: largeJourney(options.baselineNodes, catalogue) };
      await Promise.all([ensureFerretdb(), ensureChromium()]);
      dataDir = mkdtempSync(join(tmpdir(), 'trellis-bench-editor-'));
      // Built into a directory of its own: the e2e tests build and serve editor/dist, and may run meanwhile.
      const outDir = join(dataDir, 'dist');
      await run(process.execPath, [viteBin, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], { cwd: editorDir, inherit: true });
      servers = new Supervisor(['ferretdb', 'editor']);
      const [mongoPort, debugPort, editorPort] = [await freePort(), await freePort(), await freePort()];
      await servers.start(ferretdb({ dataDir: join(dataDir, 'ferretdb'), port: mongoPort, debugPort, quiet: true }));
      // Opening and editing a draft never reaches Temporal, so the API gets an address nothing answers on.
      api = await startApi({ mongoUri: `mongodb://127.0.0.1:${mongoPort}/bench`, temporalAddress: '127.0.0.1:1' });
      api.app.useLogger(['error']);
      const served = editor({ port: editorPort, apiUrl: api.url, mode: 'preview', quiet: true });
      await servers.start({ ...served, args: [...served.args, '--outDir', outDir] });
      editorUrl = `http://127.0.0.1:${editorPort}`;
      const workspace = await createWorkspace(api.url, 'editor', { retryUnavailable: true });
      ({ apiKey, client: http } = workspace);
      browser = await chromium.launch({
        executablePath: binaries.chromium,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      // A first open lays each journey out and autosaves the positions, as for a journey a user has opened before.
      for (const which of ['subject', 'baseline'] as const) {
        const journeyId = await create(journeys[which]);
        const page = await signedIn(journeys[which].name);
        await open(page, journeyId);
        await eventually(`the ${which} journey saved with positions`, async () => {
          const loaded = await http.get<{ draft: { nodes: { position?: unknown }[] } }>(`/v1/journeys/${journeyId}`);
          return loaded.body.draft.nodes.every((node) => node.position);
        });
        await page.context().close();
        saved[which] = journeyId;
      }
    },
    async teardown() {
      await browser?.close();
      await api?.close();
      await servers?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    cases: [
      {
        kind: 'measure',
        name: `editor: open a ${options.nodes}-node journey with saved positions, from the journey list until its canvas is drawn and fitted (Chromium, no GPU)`,
        async run() {
          const before = load();
          const subject = await opens('subject', false);
          const baseline = await opens('baseline', false);
          return { ...openFigures('first render', subject, baseline), ...before };
        },
      },
      {
        kind: 'measure',
        name: `editor: open a ${options.nodes}-node journey without positions (dagre layout and animated fit on open)`,
        async run() {
          const before = load();
          const subject = await opens('subject', true);
          const baseline = await opens('baseline', true);
          return { ...openFigures('first render with layout', subject, baseline), ...before };
        },
      },
      {
        kind: 'measure',
        name: `editor: drag a node of a ${options.nodes}-node journey for ${dragMs / 1000} s, frame times by requestAnimationFrame (60 Hz headless, no GPU)`,
        async run() {
          const before = load();
          const subject = await drags('subject');
          const baseline = await drags('baseline');
          return {
            ...frameFigures(`${options.nodes} nodes`, subject),
            ...frameFigures(`${options.baselineNodes} nodes (baseline)`, baseline),
            'ratio (p95 frame / baseline p95 frame)': round(quantile(subject.frames, 0.95) / quantile(baseline.frames, 0.95)),
            'ratio (main-thread busy per frame / baseline)': round(quantile(subject.busyPerFrame, 0.5) / quantile(baseline.busyPerFrame, 0.5)),
            'drags of each': options.runs,
            ...before,
          };
        },
      },
    ],
  };
}
