import { Types } from 'mongoose';
import { createWorkspace, eventually, httpClient } from '../test/harness';
import { BenchGroup } from './bench-case';
import { RuntimeStack } from './runtime-stack';

/** Rows written per baseline insert: the batch size the import itself writes. */
const baselineBatch = 500;

const header = 'user_id,phone,email,name,points,tags,tz';
const mapping = {
  columns: { user_id: 'userId', phone: 'phone', email: 'email', name: 'trait:name', points: 'trait:points', tags: 'tags', tz: 'timezone' },
  traitTypes: { points: 'number' },
  phoneRegion: 'CN',
};

function csvOf(run: number, rows: number): string {
  const lines = [header];
  for (let index = 0; index < rows; index++) {
    lines.push(`m${run}-${index},138${String(run * rows + index).padStart(8, '0').slice(-8)},m${run}-${index}@example.com,会员${index},${index % 1000},vip;new,Asia/Shanghai`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A contact CSV imported end to end — uploaded, checked as it streams in, stored in pieces, then
 * each row mapped, validated and written onto its contact by the import's Temporal activity, with
 * every id claimed so events find the contact — against the driver inserting the same contacts
 * (already mapped) with `insertMany`, on the same server.
 */
export function importGroup(options: { rows: number }): BenchGroup {
  let stack: RuntimeStack;
  let http: ReturnType<typeof httpClient>;
  let apiKey: string;
  let workspaceId: string;
  let runs = 0;

  return {
    name: 'import',
    async setup() {
      stack = await RuntimeStack.start();
      ({ client: http, apiKey, workspaceId } = await createWorkspace(stack.api.url, 'import', { retryUnavailable: true }));
    },
    async teardown() {
      await stack?.stop();
    },
    cases: [
      {
        kind: 'throughput',
        name: `import: a ${options.rows.toLocaleString('en')}-row contact CSV, uploaded, validated and written (ids, traits, tags, zone)`,
        repeat: 1,
        subject: {
          name: 'PUT /v1/contact-imports/:id/file',
          async run() {
            const run = runs++;
            const job = await http.post('/v1/contact-imports', { mapping });
            const uploaded = await fetch(`${stack.api.url}/v1/contact-imports/${job.body.id}/file`, { method: 'PUT', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' }, body: csvOf(run, options.rows) });
            if (uploaded.status !== 202) throw new Error(`upload refused: ${uploaded.status} ${await uploaded.text()}`);
            const done = await eventually(
              'the import finished',
              async () => {
                const progress = (await http.get(`/v1/contact-imports/${job.body.id}`)).body;
                return progress.status === 'completed' || progress.status === 'failed' ? progress : undefined;
              },
              3_600_000,
              200,
            );
            if (done.status !== 'completed' || done.created !== options.rows) throw new Error(`import did not create every row: ${JSON.stringify(done)}`);
            return { rows: options.rows };
          },
        },
        baseline: {
          name: 'driver insertMany of the contacts',
          async run() {
            const run = runs++;
            const now = new Date();
            const collection = stack.mongo.collection('bench_raw_contacts');
            const batches = Array.from({ length: Math.ceil(options.rows / baselineBatch) }, (_, batch) =>
              Array.from({ length: Math.min(baselineBatch, options.rows - batch * baselineBatch) }, (_, offset) => {
                const index = batch * baselineBatch + offset;
                return {
                  _id: new Types.ObjectId(),
                  workspaceId,
                  externalId: `m${run}-${index}`,
                  identities: [
                    { kind: 'user', value: `m${run}-${index}` },
                    { kind: 'phone', value: `+86138${String(index).padStart(8, '0')}` },
                    { kind: 'email', value: `m${run}-${index}@example.com` },
                  ],
                  traits: { name: `会员${index}`, points: index % 1000 },
                  tags: ['vip', 'new'],
                  timezone: 'Asia/Shanghai',
                  createdAt: now,
                  updatedAt: now,
                };
              }),
            );
            for (const batch of batches) await collection.insertMany(batch, { ordered: false });
            return { rows: options.rows };
          },
        },
      },
    ],
  };
}
