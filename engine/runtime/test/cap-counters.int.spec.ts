import { testMongoUri } from '@trellis/devstack/test/harness';
import { capCounters, messagingPolicy } from '@trellis/journey';
import { Connection, Model } from 'mongoose';
import { CapCounterStore, capCounterStore } from '../src/messages/cap-counters';
import { connectMongo } from '../src/store/connect';
import { SendCounter, sendCounterSchema } from '../src/store/send-counter.schema';

/** Frequency caps counted against the real Mongo-compatible server: exact under retries and concurrency. */
describe('cap counters', () => {
  let mongo: Connection;
  let counters: Model<SendCounter>;
  let store: CapCounterStore;
  const policy = messagingPolicy.parse({ caps: [{ id: 'daily', limit: 2, per: 'day' }, { id: 'weekly', limit: 3, per: 'week' }] });
  const monday = Date.parse('2026-11-23T02:00:00Z');
  const capsOn = (ms: number) => capCounters(policy, 'wecom', 'Asia/Shanghai', ms);
  const count = async (contactId: string, key: string) => (await counters.findById(`ws:${contactId}:${key}`).lean())?.count ?? 0;

  beforeAll(async () => {
    mongo = await connectMongo(testMongoUri('cap-counters'));
    counters = mongo.model('SendCounter', sendCounterSchema) as unknown as Model<SendCounter>;
    store = capCounterStore(counters);
  });

  afterAll(async () => {
    await mongo?.dropDatabase();
    await mongo?.close();
  });

  it('lets the limit through, refuses the next with the cap that is full, and counts a retried send once', async () => {
    const holder = (sendKey: string) => ({ workspaceId: 'ws', contactId: 'c1', sendKey });
    expect(await store.take(holder('s1'), capsOn(monday))).toBeUndefined();
    expect(await store.take(holder('s1'), capsOn(monday))).toBeUndefined();
    expect(await store.take(holder('s2'), capsOn(monday))).toBeUndefined();
    const full = await store.take(holder('s3'), capsOn(monday));
    expect(full).toMatchObject({ capId: 'daily', key: 'daily:2026-11-23' });
    // The weekly unit s3 took first was given back when the daily cap refused it.
    expect(await count('c1', 'daily:2026-11-23')).toBe(2);
    expect(await count('c1', 'weekly:week-of-2026-11-23')).toBe(2);

    // The next day has its own daily counter; the week's third and last unit goes to s3 then.
    const tuesday = monday + 86_400_000;
    expect(await store.take(holder('s3'), capsOn(tuesday))).toBeUndefined();
    expect(await store.take(holder('s4'), capsOn(tuesday))).toMatchObject({ capId: 'weekly' });
    expect(await count('c1', 'daily:2026-11-24')).toBe(1);
    expect(await count('c1', 'weekly:week-of-2026-11-23')).toBe(3);

    // A send that took its units and was then not sent gives them back.
    await store.release(holder('s3'), capsOn(tuesday).map((cap) => cap.key));
    expect(await count('c1', 'daily:2026-11-24')).toBe(0);
    expect(await count('c1', 'weekly:week-of-2026-11-23')).toBe(2);
    await store.release(holder('s3'), capsOn(tuesday).map((cap) => cap.key));
    expect(await count('c1', 'weekly:week-of-2026-11-23')).toBe(2);
  });

  it("lets sends racing to create a period's counter all count, up to the limit", async () => {
    const results = await Promise.all(['a', 'b'].map((sendKey) => store.take({ workspaceId: 'ws', contactId: 'c3', sendKey }, capsOn(monday))));
    expect(results).toEqual([undefined, undefined]);
    expect(await count('c3', 'daily:2026-11-23')).toBe(2);
  });

  it('never lets concurrent sends from many journeys overshoot', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => store.take({ workspaceId: 'ws', contactId: 'c2', sendKey: `journey-${index}` }, capsOn(monday))));
    expect(results.filter((result) => result === undefined)).toHaveLength(2);
    expect(await count('c2', 'daily:2026-11-23')).toBe(2);
    expect(await count('c2', 'weekly:week-of-2026-11-23')).toBe(2);
  });
});
