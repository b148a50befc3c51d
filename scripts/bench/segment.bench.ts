import { createWorkspace, eventually, httpClient } from '../test/harness';
import { BenchGroup } from './bench-case';
import { RuntimeStack } from './runtime-stack';

/** Traits, tags and an order history varied enough that the rule keeps some contacts and drops others. */
const rule = {
  kind: 'all',
  rules: [
    { kind: 'tags', op: 'has', tags: ['vip'] },
    { kind: 'field', path: 'traits.points', op: 'gte', value: 500 },
    { kind: 'any', rules: [{ kind: 'field', path: 'timezone', op: 'eq', value: 'Asia/Shanghai' }, { kind: 'field', path: 'traits.city', op: 'in', value: ['Beijing', 'Hangzhou'] }] },
  ],
};

/**
 * A segment's rule over a workspace of many contacts, answered as one database query — counted
 * (a preview) and filled into memberships (a first sweep) — against a plain count of the
 * workspace's contacts on the same server, the least any evaluation has to read.
 */
export function segmentGroup(options: { contacts: number }): BenchGroup {
  let stack: RuntimeStack;
  let http: ReturnType<typeof httpClient>;
  let workspaceId: string;
  let expected = 0;
  let runs = 0;

  return {
    name: 'segment',
    async setup() {
      stack = await RuntimeStack.start();
      const workspace = await createWorkspace(stack.api.url, 'segment', { retryUnavailable: true });
      ({ client: http, workspaceId } = workspace);
      const cities = ['Shanghai', 'Beijing', 'Hangzhou', 'Shenzhen'];
      const rows = Array.from({ length: options.contacts }, (_, index) => {
        const vip = index % 3 === 0;
        const points = (index * 7) % 1000;
        const zone = index % 2 ? 'Asia/Shanghai' : 'Asia/Tokyo';
        const city = cities[index % 4]!;
        if (vip && points >= 500 && (zone === 'Asia/Shanghai' || city === 'Beijing' || city === 'Hangzhou')) expected++;
        return `m-${index},${vip ? 'vip;member' : 'member'},${points},${zone},${city}`;
      });
      const job = await http.post('/v1/contact-imports', {
        mapping: { columns: { id: 'userId', tags: 'tags', points: 'trait:points', tz: 'timezone', city: 'trait:city' }, traitTypes: { points: 'number' } },
      });
      const uploaded = await fetch(`${stack.api.url}/v1/contact-imports/${job.body.id}/file`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${workspace.apiKey}`, 'content-type': 'text/csv' },
        body: `id,tags,points,tz,city\n${rows.join('\n')}\n`,
      });
      if (uploaded.status !== 202) throw new Error(`import refused: ${uploaded.status}`);
      await eventually('contacts imported', async () => (await http.get(`/v1/contact-imports/${job.body.id}`)).body.status === 'completed', 3_600_000, 1_000);
    },
    async teardown() {
      await stack?.stop();
    },
    cases: [
      {
        kind: 'throughput',
        name: `segment: a rule over ${options.contacts.toLocaleString('en')} contacts (tags, traits, zone), counted by POST /v1/segments/preview`,
        repeat: 3,
        subject: {
          name: 'preview: rule → query → count',
          async run() {
            const answer = await http.post('/v1/segments/preview', { rule, sample: 10 });
            if (answer.body.count !== expected) throw new Error(`preview counted ${answer.body.count}, expected ${expected}`);
            return { contacts: options.contacts };
          },
        },
        baseline: {
          name: 'driver countDocuments of all',
          async run() {
            const count = await stack.mongo.collection('contacts').countDocuments({ workspaceId });
            if (count !== options.contacts) throw new Error(`counted ${count} contacts`);
            return { contacts: count };
          },
        },
      },
      {
        kind: 'throughput',
        name: `segment: the first sweep of a new segment over ${options.contacts.toLocaleString('en')} contacts, members written`,
        repeat: 1,
        subject: {
          name: 'create segment → first sweep done',
          async run() {
            const key = `vips-${runs++}`;
            const created = await http.post('/v1/segments', { key, name: key, rule });
            if (created.status !== 201) throw new Error(`segment not created: ${created.status}`);
            const sweep = await eventually(
              'the first sweep',
              async () => (await http.get(`/v1/segments/${key}`)).body.lastSweep ?? undefined,
              3_600_000,
              250,
            );
            if (sweep.matched !== expected) throw new Error(`sweep matched ${sweep.matched}, expected ${expected}`);
            return { contacts: options.contacts };
          },
        },
        baseline: {
          name: 'driver find of every contact',
          async run() {
            const all = await stack.mongo.collection('contacts').find({ workspaceId }).toArray();
            if (all.length !== options.contacts) throw new Error(`read ${all.length} contacts`);
            return { contacts: all.length };
          },
        },
      },
    ],
  };
}
