import { Connection } from 'mongoose';
import { findContactByIdentity, resolveContact } from '../src/store/contact-identity';
import { connectMongo } from '../src/store/connect';
import { RuntimeModels, runtimeModels } from '../src/store/models';
import { inParallel, testMongoUri } from '@trellis/devstack/test/harness';

/** One person, many ids: resolution and merges against the real Mongo-compatible server. */
describe('contact identity', () => {
  let mongo: Connection;
  let models: RuntimeModels;
  let workspace = 0;
  const ws = () => `ws-${++workspace}`;

  beforeAll(async () => {
    mongo = await connectMongo(testMongoUri('identity'));
    models = runtimeModels(mongo);
    await Promise.all(Object.values(models).map((model) => model.init()));
  });

  afterAll(async () => {
    await mongo?.dropDatabase();
    await mongo?.close();
  });

  const ids = (doc: { identities?: { kind: string; value: string }[] }) => (doc.identities ?? []).map(({ kind, value }) => `${kind}:${value}`).sort();

  it('creates one contact for a new person and finds it again by any of its ids, normalised', async () => {
    const workspaceId = ws();
    const created = await resolveContact(models, workspaceId, [
      { kind: 'user', value: 'u-1' },
      { kind: 'email', value: ' Ann@Example.com ' },
    ]);
    expect(created).toMatchObject({ workspaceId, externalId: 'u-1', traits: {} });
    // FerretDB 1.x leaves an empty array out of an upsert's $setOnInsert: no tags may read as none.
    expect(created.tags ?? []).toEqual([]);
    expect(ids(created)).toEqual(['email:ann@example.com', 'user:u-1']);
    const byEmail = await findContactByIdentity(models, workspaceId, { kind: 'email', value: 'ANN@example.com' });
    expect(String(byEmail?._id)).toBe(String(created._id));
    const again = await resolveContact(models, workspaceId, [{ kind: 'phone', value: '+8613800138000' }, { kind: 'email', value: 'ann@example.com' }]);
    expect(String(again._id)).toBe(String(created._id));
    expect(ids(again)).toEqual(['email:ann@example.com', 'phone:+8613800138000', 'user:u-1']);
    // Another workspace's identical ids are another person.
    const elsewhere = await resolveContact(models, ws(), [{ kind: 'user', value: 'u-1' }]);
    expect(String(elsewhere._id)).not.toBe(String(created._id));
  });

  it('lets a new user id adopt the anonymous contact of its device', async () => {
    const workspaceId = ws();
    const anonymous = await resolveContact(models, workspaceId, [{ kind: 'anonymous', value: 'device-1' }]);
    expect(anonymous.externalId).toBeUndefined();
    const known = await resolveContact(models, workspaceId, [{ kind: 'user', value: 'bob' }, { kind: 'anonymous', value: 'device-1' }]);
    expect(String(known._id)).toBe(String(anonymous._id));
    expect(known.externalId).toBe('bob');
    expect(await models.contacts.countDocuments({ workspaceId })).toBe(1);
  });

  it('merges anonymous contacts into the known one: ids, tags, traits it lacks; the merged one points at it', async () => {
    const workspaceId = ws();
    const known = await resolveContact(models, workspaceId, [{ kind: 'user', value: 'cai' }]);
    await models.contacts.updateOne({ _id: known._id }, { $set: { 'traits.plan': 'gold', tags: ['vip'] } });
    const anonymous = await resolveContact(models, workspaceId, [{ kind: 'anonymous', value: 'tablet' }, { kind: 'wecom', value: 'wm-cai' }]);
    await models.contacts.updateOne({ _id: anonymous._id }, { $set: { 'traits.plan': 'trial', 'traits.city': 'Hangzhou', tags: ['browsed'], timezone: 'Asia/Shanghai' } });

    const merged = await resolveContact(models, workspaceId, [{ kind: 'user', value: 'cai' }, { kind: 'anonymous', value: 'tablet' }]);
    expect(String(merged._id)).toBe(String(known._id));
    expect(ids(merged)).toEqual(['anonymous:tablet', 'user:cai', 'wecom:wm-cai']);
    expect(merged.traits).toEqual({ plan: 'gold', city: 'Hangzhou' });
    expect([...merged.tags].sort()).toEqual(['browsed', 'vip']);
    expect(merged.timezone).toBe('Asia/Shanghai');
    expect(merged.mergedFrom).toEqual([String(anonymous._id)]);
    expect((await models.contacts.findById(anonymous._id).lean())?.mergedInto).toBe(String(known._id));
    // Every id of the merged contact now leads to the known one.
    expect(String((await findContactByIdentity(models, workspaceId, { kind: 'wecom', value: 'wm-cai' }))?._id)).toBe(String(known._id));
    expect(await models.contactKeys.countDocuments({ workspaceId, contactId: String(anonymous._id) })).toBe(0);
  });

  it('never merges two known people: an id that is already someone else’s stays theirs', async () => {
    const workspaceId = ws();
    const dan = await resolveContact(models, workspaceId, [{ kind: 'user', value: 'dan' }, { kind: 'email', value: 'shared@example.com' }]);
    const eve = await resolveContact(models, workspaceId, [{ kind: 'user', value: 'eve' }, { kind: 'email', value: 'shared@example.com' }]);
    expect(String(eve._id)).not.toBe(String(dan._id));
    expect(ids(eve)).toEqual(['user:eve']);
    expect(String((await findContactByIdentity(models, workspaceId, { kind: 'email', value: 'shared@example.com' }))?._id)).toBe(String(dan._id));
    // Without a user id, the ids lead to the known person they already name.
    const byEmail = await resolveContact(models, workspaceId, [{ kind: 'email', value: 'shared@example.com' }, { kind: 'anonymous', value: 'kiosk' }]);
    expect(String(byEmail._id)).toBe(String(dan._id));
  });

  it('agrees on one contact when the first events of a person race', async () => {
    const workspaceId = ws();
    const results: string[] = [];
    await inParallel(Array.from({ length: 12 }, (_, index) => index), 12, async (index) => {
      const contact = await resolveContact(models, workspaceId, index % 2 ? [{ kind: 'user', value: 'fay' }] : [{ kind: 'user', value: 'fay' }, { kind: 'anonymous', value: `phone-${index}` }]);
      results.push(String(contact._id));
    });
    expect(new Set(results).size).toBe(1);
    expect(await models.contacts.countDocuments({ workspaceId, mergedInto: null })).toBe(1);
    const fay = await findContactByIdentity(models, workspaceId, { kind: 'user', value: 'fay' });
    expect(fay!.identities).toHaveLength(7);
    expect(await models.contactKeys.countDocuments({ workspaceId, kind: 'anonymous', contactId: String(fay!._id) })).toBe(6);
    expect(await models.contactKeys.countDocuments({ workspaceId })).toBe(7);
  });
});
