import { editorGroup } from './editor.bench';
async function main() {
  const group = editorGroup({ nodes: 300, baselineNodes: 10, runs: Number(process.env.RUNS ?? 3) });
  const t = Date.now();
  await group.setup!();
  console.log('setup', Date.now() - t);
  try {
    for (const c of group.cases) {
      if (process.env.ONLY && !c.name.includes(process.env.ONLY)) continue;
      if (c.kind === 'measure') console.log(c.name, await c.run());
    }
  } finally { await group.teardown!(); }
}
main().catch((e) => { console.error(e); process.exit(1); });
