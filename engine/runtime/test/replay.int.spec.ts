import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, 'histories');

/**
 * Every recorded history of a real run replays against today's workflow code: a change that
 * would break contacts in flight (a reordered command, a removed activity) fails here, before a
 * deploy. Record new ones with TRELLIS_RECORD_HISTORIES=1 npm test (see README).
 */
describe('workflow replay', () => {
  const files = readdirSync(dir).filter((file) => file.endsWith('.history.pb')).sort();

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('replays every recorded history without a nondeterminism error', async () => {
    const histories = files.map((file) => ({ workflowId: file.replace(/\.history\.pb$/, ''), history: temporal.api.history.v1.History.decode(readFileSync(join(dir, file))) }));
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath: require.resolve('../dist/workflows') }, histories)) results.push(result);
    expect(results.map((result) => ({ workflowId: result.workflowId, error: result.error?.message }))).toEqual(
      histories.map(({ workflowId }) => ({ workflowId, error: undefined })),
    );
  }, 120_000);
});
