import { chain } from '@trellis/journey/dist/testing/journey-builder';
import { createWorkspace, eventually, expectProblem, startApiAlone, workerProcess } from '@trellis/devstack/test/harness';

const dayMs = 86_400_000;

describe('customer groups: members join, speak and leave; groups are new, active or dormant; rules and journeys see them', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;

  beforeAll(async () => {
    stack = await startApiAlone('groups');
    await stack.temporal.supervisor.start(workerProcess({ mongoUri: stack.mongoUri, temporalAddress: stack.temporal.address, taskQueue: 'groups' }));
  }, 180_000);

  afterAll(() => stack?.stop());

  it('keeps members, counts and each contact’s groups exact under repeated and concurrent events', async () => {
    const { client, workspaceId } = await createWorkspace(stack.api.url);
    const created = await client.post('/v1/groups', { groupId: 'tea-sh-1', name: '上海茶友会 1 群', owner: 'staff-li', capacity: 3, tags: ['shanghai'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ groupId: 'tea-sh-1', memberCount: 0, seatsLeft: 3, stage: 'new', tags: ['shanghai'] });
    expectProblem(await client.post('/v1/groups', { groupId: 'tea-sh-1', name: 'again' }), 409);

    // Five people join at once, one of them twice (a repeated callback); one leaves; two speak.
    const join = (userId: string, messageId: string) => client.post('/v1/events', { userId, event: 'Group Joined', messageId, properties: { groupId: 'tea-sh-1' } });
    await Promise.all([join('a', 'j-a'), join('b', 'j-b'), join('c', 'j-c'), join('d', 'j-d'), join('a', 'j-a-again'), join('e', 'j-e')]);
    await client.post('/v1/events', { userId: 'e', event: 'Group Left', properties: { groupId: 'tea-sh-1' } });
    await client.post('/v1/events', { userId: 'a', event: 'Group Message Sent', properties: { groupId: 'tea-sh-1' } });
    await client.post('/v1/events', { userId: 'a', event: 'Group Message Sent', properties: { groupId: 'tea-sh-1' } });
    // Speaking in a group first seen now: the speaker is in it, and the group is made.
    await client.post('/v1/events', { userId: 'b', event: 'Group Message Sent', properties: { groupId: 'tea-bj-2' } });

    const group = (await client.get('/v1/groups/tea-sh-1')).body;
    expect(group).toMatchObject({ memberCount: 4, seatsLeft: 0, messagesCount: 2, stage: 'new' });
    expect(await stack.mongo.collection('group_members').countDocuments({ workspaceId, groupId: 'tea-sh-1', inside: true })).toBe(4);
    expect((await client.get('/v1/groups/tea-bj-2')).body).toMatchObject({ name: 'tea-bj-2', memberCount: 1, capacity: 500, messagesCount: 1 });
    expect((await client.get('/v1/contacts/b')).body.groups.sort()).toEqual(['tea-bj-2', 'tea-sh-1']);
    expect((await client.get('/v1/contacts/e')).body.groups).toEqual([]);

    const members = (await client.get('/v1/groups/tea-sh-1/members?limit=2')).body;
    expect(members.members).toHaveLength(2);
    const rest = (await client.get(`/v1/groups/tea-sh-1/members?limit=10&cursor=${members.next}`)).body;
    expect(rest.members).toHaveLength(2);
    expect(rest.next).toBeNull();
    const a = [...members.members, ...rest.members].find((member: { contact: { externalId: string } }) => member.contact.externalId === 'a');
    expect(a).toMatchObject({ inside: true, joins: 1, messages: 2 });
    expect((await client.get('/v1/groups/tea-sh-1/members?former=true')).body.members.map((member: { contact: { externalId: string } }) => member.contact.externalId)).toEqual(['e']);

    expect((await client.patch('/v1/groups/tea-sh-1/members/a', { add: ['kol', 'vip'] })).body.tags).toEqual(['kol', 'vip']);
    expect((await client.patch('/v1/groups/tea-sh-1/members/a', { remove: ['vip'] })).body.tags).toEqual(['kol']);
    expectProblem(await client.patch('/v1/groups/tea-sh-1/members/nobody', { add: ['x'] }), 404);
    expectProblem(await client.patch('/v1/groups/tea-sh-1/members/a', {}), 400);

    // A rule on the contact's groups: as a segment preview, and the same rule's count.
    const inGroup = await client.post('/v1/segments/preview', { rule: { kind: 'field', path: 'groups', op: 'contains', value: 'tea-sh-1' }, sample: 10 });
    expect(inGroup.body.count).toBe(4);

    expect((await client.patch('/v1/groups/tea-sh-1', { name: '上海茶友会 一群', owner: null, capacity: 500 })).body).toMatchObject({ name: '上海茶友会 一群', owner: null, seatsLeft: 496 });
    expect((await client.delete('/v1/groups/tea-sh-1')).body).toMatchObject({ removed: true, members: 4 });
    expect((await client.get('/v1/contacts/a')).body.groups).toEqual([]);
    expectProblem(await client.get('/v1/groups/tea-sh-1'), 404);
  }, 120_000);

  it('tells new, active and dormant groups apart, in the list filter as in each group', async () => {
    const { client, workspaceId } = await createWorkspace(stack.api.url);
    for (const groupId of ['fresh', 'lively', 'quiet', 'silent']) expect((await client.post('/v1/groups', { groupId, name: groupId })).status).toBe(201);
    const now = Date.now();
    const groups = stack.mongo.collection('customer_groups');
    await groups.updateOne({ _id: `${workspaceId}:lively` as never }, { $set: { createdAt: new Date(now - 30 * dayMs), lastMessageAt: new Date(now - 2 * dayMs) } });
    await groups.updateOne({ _id: `${workspaceId}:quiet` as never }, { $set: { createdAt: new Date(now - 30 * dayMs), lastMessageAt: new Date(now - 20 * dayMs) } });
    await groups.updateOne({ _id: `${workspaceId}:silent` as never }, { $set: { createdAt: new Date(now - 30 * dayMs) } });
    const listed = async (stage: string) => (await client.get(`/v1/groups?stage=${stage}`)).body.groups.map((group: { groupId: string; stage: string }) => [group.groupId, group.stage]);
    expect(await listed('new')).toEqual([['fresh', 'new']]);
    expect(await listed('active')).toEqual([['lively', 'active']]);
    expect(await listed('dormant')).toEqual([
      ['quiet', 'dormant'],
      ['silent', 'dormant'],
    ]);
    expectProblem(await client.get('/v1/groups?stage=sleepy'), 400);
  });

  it('starts a journey for people joining one group, not another', async () => {
    const { client, workspaceId } = await createWorkspace(stack.api.url);
    const welcome = chain(['trigger.event', 'action.tag', 'exit'], {
      'trigger.event': { event: 'Group Joined', where: { kind: 'field', path: 'properties.groupId', op: 'eq', value: 'new-members' } },
      'action.tag': { add: ['welcomed-in-group'] },
    });
    const journeyId = (await client.post('/v1/journeys', welcome)).body.id as string;
    expect((await client.post(`/v1/journeys/${journeyId}/publish`)).status).toBe(200);
    expect((await client.post('/v1/events', { userId: 'newbie', event: 'Group Joined', properties: { groupId: 'new-members' } })).body.enrolled).toHaveLength(1);
    expect((await client.post('/v1/events', { userId: 'veteran', event: 'Group Joined', properties: { groupId: 'old-timers' } })).body.enrolled).toHaveLength(0);
    await eventually('the newcomer welcomed', async () => (await client.get('/v1/contacts/newbie')).body.tags.includes('welcomed-in-group'), 60_000, 250);
    expect(await stack.mongo.collection('enrollments').countDocuments({ workspaceId, journeyId })).toBe(1);
  }, 120_000);
});
