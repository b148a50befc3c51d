import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFullCatalogue, createNodeCatalogue, runtimeActionNodes } from '../index';
import { customNodeSourcesFromEnv, loadCustomNodes } from './load-custom-nodes';

const goodNode = `
import { defineNode } from '@trellis/nodes';
import { z } from 'zod';

export default defineNode({
  type: 'acme.points',
  title: 'Add points',
  description: 'Adds loyalty points.',
  icon: 'star',
  config: z.strictObject({ points: z.number().int().positive() }),
  ports: ['next'],
  timeout: { amount: 10, unit: 'seconds' },
  retry: { maxAttempts: 3 },
  async execute(config: { points: number }) {
    return { output: { points: config.points } };
  },
});
`;
const throwsOnLoad = `throw new Error('COUPON_API_KEY is not set');\n`;
const duplicate = `
const { defineNode } = require('@trellis/nodes');
const { z } = require('zod');
module.exports = defineNode({ type: 'action.tag', title: 'Tag', description: 'Mine', icon: 'tag', config: z.strictObject({}), ports: ['next'], execute: async () => ({}) });
`;
const taken = () => createFullCatalogue().list().map((spec) => spec.type);

describe('loadCustomNodes', () => {
  // Inside the repository, so the files resolve @trellis/nodes and zod under Jest's own resolver.
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(__dirname, '../../.custom-nodes-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a good node and reports the one that throws and the duplicate, keeping the built-ins', () => {
    writeFileSync(join(dir, 'points.node.ts'), goodNode);
    writeFileSync(join(dir, 'broken.node.ts'), throwsOnLoad);
    writeFileSync(join(dir, 'tag.node.js'), duplicate);
    writeFileSync(join(dir, 'points.node.spec.ts'), 'throw new Error("tests are not nodes");');
    const lines: string[] = [];
    const { nodes, problems } = loadCustomNodes({ dir }, { taken: taken(), report: (line) => lines.push(line) });
    expect(nodes.map((node) => [node.type, node.execution])).toEqual([['acme.points', { timeoutMs: 10_000, maxAttempts: 3 }]]);
    expect(lines).toEqual([
      `custom node ${join(dir, 'broken.node.ts')} skipped: it threw while loading: COUPON_API_KEY is not set`,
      `custom node ${join(dir, 'tag.node.js')} skipped: node type "action.tag" is already defined by a built-in node`,
    ]);
    expect(problems).toHaveLength(2);
    const catalogue = createNodeCatalogue([...runtimeActionNodes, ...nodes]);
    expect(catalogue.action('acme.points')).toBe(nodes[0]);
    expect(catalogue.action('action.tag')).toBe(runtimeActionNodes.find((node) => node.type === 'action.tag'));
  });

  it('reports a file that exports no node, a second node of one type, and a config that is no schema', () => {
    writeFileSync(join(dir, 'a.node.ts'), goodNode);
    writeFileSync(join(dir, 'b.node.ts'), goodNode);
    writeFileSync(join(dir, 'plain.ts'), 'export const points = { type: "acme.plain", execute: async () => ({}) };\n');
    writeFileSync(
      join(dir, 'odd.node.ts'),
      `import { defineNode } from '@trellis/nodes';\nimport { z } from 'zod';\nexport default defineNode({ type: 'acme.odd', title: 'Odd', description: 'Odd', icon: 'x', config: { at: 'date' }, ports: ['next'], execute: async () => ({}) });\n`,
    );
    const lines: string[] = [];
    const { nodes } = loadCustomNodes({ dir }, { taken: taken(), report: (line) => lines.push(line) });
    expect(nodes.map((node) => node.type)).toEqual(['acme.points']);
    expect(lines).toEqual([
      expect.stringMatching(/b\.node\.ts skipped: node type "acme\.points" is already defined by .*a\.node\.ts$/),
      expect.stringMatching(/odd\.node\.ts skipped: it threw while loading: acme\.odd: config must be a zod schema/),
      expect.stringMatching(/plain\.ts skipped: it exports no node: export the result of defineNode\(\)/),
    ]);
  });

  it('reports a folder it cannot read and a package it cannot find, and never throws', () => {
    const lines: string[] = [];
    const { nodes } = loadCustomNodes({ dir: join(dir, 'missing'), packages: ['@acme/no-such-trellis-nodes'] }, { report: (line) => lines.push(line) });
    expect(nodes).toEqual([]);
    expect(lines).toEqual([expect.stringMatching(/missing skipped: TRELLIS_NODES_DIR cannot be read/), expect.stringMatching(/@acme\/no-such-trellis-nodes skipped: the package cannot be found/)]);
  });

  it('reads its sources from TRELLIS_NODES_DIR and TRELLIS_NODES', () => {
    expect(customNodeSourcesFromEnv({})).toEqual({});
    expect(customNodeSourcesFromEnv({ TRELLIS_NODES_DIR: './nodes', TRELLIS_NODES: '@acme/nodes, trellis-wecom ,' })).toEqual({ dir: './nodes', packages: ['@acme/nodes', 'trellis-wecom'] });
  });
});

describe('loadCustomNodes in plain Node', () => {
  it('compiles TypeScript with tsx and gives a folder outside the repository the host’s @trellis/nodes and zod', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-nodes-'));
    try {
      const usesHelper = goodNode.replace('return { output: { points: config.points } };', 'return { output: { points: double(config.points) } };');
      writeFileSync(join(dir, 'points.node.ts'), `import { double } from './lib/double';\n${usesHelper}`);
      mkdirSync(join(dir, 'lib'));
      writeFileSync(join(dir, 'lib', 'double.ts'), 'export const double = (value: number): number => value * 2;\n');
      // The compiled loader, as the API and worker run it (Jest would otherwise compile the files itself).
      const script = `
        const { loadCustomNodes } = require(${JSON.stringify(join(__dirname, '../../dist/custom/load-custom-nodes.js'))});
        const { nodes, problems } = loadCustomNodes({ dir: ${JSON.stringify(dir)} });
        nodes[0].execute({ points: 4 }, {}).then((result) => console.log(JSON.stringify({ types: nodes.map((node) => node.type), problems, result })));
      `;
      const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
      expect(out).toEqual({ types: ['acme.points'], problems: [], result: { output: { points: 8 } } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
