import { createWorkspace, eventually, expectProblem, httpClient, startApi, startApiAlone, workerProcess } from '@trellis/devstack/test/harness';

/** The size; set lower to iterate faster on this test alone. */
const rowCount = Number(process.env.TRELLIS_IMPORT_ROWS ?? 100_000);

const header = 'user_id,手机,email,name,points,vip,signed_up,tags,tz,stage,wecom_optin';
const mapping = {
  columns: {
    user_id: 'userId',
    手机: 'phone',
    email: 'email',
    name: 'trait:name',
    points: 'trait:points',
    vip: 'trait:vip',
    signed_up: 'trait:signedUpAt',
    tags: 'tags',
    tz: 'timezone',
    stage: 'lifecycleStage',
    wecom_optin: 'subscription:wecom',
  },
  traitTypes: { points: 'number', vip: 'boolean', signedUpAt: 'date' },
  phoneRegion: 'CN',
  addTags: ['imported'],
};

/** Every hundredth row is wrong in one of five ways; the others are good. Line = row + 2 (the header is line 1). */
function row(index: number): string {
  const phone = `138${String(index).padStart(8, '0')}`;
  const bad = index % 100 === 99 ? (index / 100) % 5 | 0 : -1;
  const cells = [
    bad === 4 ? '' : `member-${index}`,
    bad === 4 ? '' : bad === 1 ? '12345' : phone,
    bad === 4 ? '' : bad === 0 ? `member-${index}-at-example.com` : `m${index}@example.com`,
    index % 10 === 0 ? `"Li, ""Lei"" ${index}"` : `会员${index}`,
    bad === 2 ? 'lots' : String(index % 1000),
    index % 2 ? 'yes' : '否',
    '2026-01-15',
    index % 3 ? 'vip;new' : 'new',
    bad === 3 ? 'Mars/Olympus' : 'Asia/Shanghai',
    'intro',
    'subscribed',
  ];
  return cells.join(',');
}

function csv(rows: number): string {
  const lines = [header];
  for (let index = 0; index < rows; index++) lines.push(row(index));
  return `${lines.join('\r\n')}\r\n`;
}

describe('contact CSV import: streamed, mapped, checked row by row, resumable and idempotent', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;

  beforeAll(async () => {
    stack = await startApiAlone('imports');
    await stack.temporal.supervisor.start(workerProcess({ mongoUri: stack.mongoUri, temporalAddress: stack.temporal.address, taskQueue: 'imports' }));
  }, 180_000);

  afterAll(() => stack?.stop());

  async function upload(token: string, importId: string, body: string | Buffer, type = 'text/csv') {
    const response = await fetch(`${stack.api.url}/v1/contact-imports/${importId}/file`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: {}, body: (await response.json()) as Record<string, unknown> & { errors?: { path: string; message: string }[] } };
  }

  async function finished(client: Awaited<ReturnType<typeof createWorkspace>>['client'], importId: string) {
    return eventually(
      `import ${importId} finished`,
      async () => {
        const job = (await client.get(`/v1/contact-imports/${importId}`)).body;
        if (process.env.DEBUG_IMPORT) console.log(job.status, job.rowsDone, job.error);
        return job.status === 'completed' || job.status === 'failed' ? job : undefined;
      },
      900_000,
      1_000,
    );
  }

  it(`imports ${rowCount.toLocaleString('en')} rows with 1% bad: good rows in, bad rows listed by line, and the same file again changes nothing`, async () => {
    const { client, apiKey, workspaceId } = await createWorkspace(stack.api.url);
    const file = csv(rowCount);
    const job = await client.post('/v1/contact-imports', { mapping, fileName: 'members.csv' });
    expect(job.status).toBe(201);
    expect(job.body).toMatchObject({ status: 'awaiting_file', fileName: 'members.csv' });
    const uploaded = await upload(apiKey, job.body.id, file);
    expect(uploaded.status).toBe(202);
    expect(uploaded.body).toMatchObject({ rowsTotal: rowCount, bytes: Buffer.byteLength(file) });

    const done = await finished(client, job.body.id);
    const bad = Math.floor((rowCount + 1) / 100);
    expect(done).toMatchObject({ status: 'completed', rowsTotal: rowCount, rowsDone: rowCount, created: rowCount - bad, updated: 0, failed: bad });
    expect(await stack.mongo.collection('contacts').countDocuments({ workspaceId })).toBe(rowCount - bad);

    const errors = await fetch(`${stack.api.url}/v1/contact-imports/${job.body.id}/errors`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(errors.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await errors.text()).trim().split('\n');
    expect(lines[0]).toBe('line,column,message');
    expect(lines).toHaveLength(bad + 1);
    expect(lines[1]).toBe('101,email,"""member-99-at-example.com"" is not an email address"');
    expect(lines[2]).toMatch(/^201,手机,"""12345"" is not a valid phone number/);
    expect(lines[3]).toBe('301,points,"""lots"" is not a number"');
    expect(lines[4]).toBe('401,tz,"""Mars/Olympus"" is not an IANA time zone such as Asia/Shanghai"');
    expect(lines[5]).toBe('501,,no id: a row needs at least one of its id columns filled');

    const member = (await client.get('/v1/contacts/member-10')).body;
    expect(member).toMatchObject({
      externalId: 'member-10',
      traits: { name: 'Li, "Lei" 10', points: 10, vip: false, signedUpAt: '2026-01-15T00:00:00.000Z' },
      timezone: 'Asia/Shanghai',
      lifecycleStage: 'intro',
      subscriptions: { wecom: 'subscribed' },
    });
    expect(member.tags.sort()).toEqual(['imported', 'new', 'vip']);
    expect(member.identities).toEqual(expect.arrayContaining([{ kind: 'phone', value: '+8613800000010' }, { kind: 'email', value: 'm10@example.com' }]));
    // Found by any of its ids: an event by phone reaches the imported contact.
    expect((await client.post('/v1/events', { userId: 'member-10', event: 'visited' })).body.contactId).toBe(member.id);

    const before = await stack.mongo.collection('contacts').find({ workspaceId }).sort({ _id: 1 }).limit(50).toArray();
    const again = await client.post('/v1/contact-imports', { mapping });
    expect((await upload(apiKey, again.body.id, file)).body).toMatchObject({ sameFileAs: job.body.id });
    expect(await finished(client, again.body.id)).toMatchObject({ status: 'completed', created: 0, updated: 0, unchanged: rowCount - bad, failed: bad });
    expect(await stack.mongo.collection('contacts').countDocuments({ workspaceId })).toBe(rowCount - bad);
    expect(await stack.mongo.collection('contacts').find({ workspaceId }).sort({ _id: 1 }).limit(50).toArray()).toEqual(before);
  }, 1_800_000);

  it('resumes where it stopped when the API process running it goes away', async () => {
    const { apiKey, workspaceId } = await createWorkspace(stack.api.url);
    const rows = 20_000;
    const bad = Math.floor((rows + 1) / 100);
    // Two more API processes sharing an activity queue of their own: the import runs on the first, which then stops.
    const processOn = () => startApi({ mongoUri: stack.mongoUri, temporalAddress: stack.temporal.address, taskQueue: 'imports', config: { TEMPORAL_API_TASK_QUEUE: 'imports-resume' } });
    const first = await processOn();
    const job = await httpClient(first.url, apiKey).post('/v1/contact-imports', { mapping });
    const uploaded = await fetch(`${first.url}/v1/contact-imports/${job.body.id}/file`, { method: 'PUT', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' }, body: csv(rows) });
    expect(uploaded.status).toBe(202);
    const client = httpClient(stack.api.url, apiKey);
    const before = await eventually('the import under way', async () => {
      const progress = (await client.get(`/v1/contact-imports/${job.body.id}`)).body;
      return progress.rowsDone >= 2_000 ? progress : undefined;
    }, 120_000, 100);
    const second = await processOn();
    try {
      await first.close();
      const done = await finished(client, job.body.id);
      // Resumed, not restarted: rows the first process reported stay counted as created (a restart
      // would find them unchanged); only the batch in flight at the stop can show as unchanged.
      expect(done).toMatchObject({ status: 'completed', rowsTotal: rows, rowsDone: rows, updated: 0, failed: bad });
      expect(done.created).toBeGreaterThanOrEqual(before.created);
      expect(done.created + done.unchanged).toBe(rows - bad);
      expect(done.unchanged).toBeLessThanOrEqual(500);
      expect(await stack.mongo.collection('contacts').countDocuments({ workspaceId })).toBe(rows - bad);
      const errors = await fetch(`${stack.api.url}/v1/contact-imports/${job.body.id}/errors`, { headers: { authorization: `Bearer ${apiKey}` } });
      expect((await errors.text()).trim().split('\n')).toHaveLength(bad + 1);
    } finally {
      await second.close();
    }
  }, 600_000);

  it('reads GB18030 files, and refuses broken files with the line named, keeping the job open for a good one', async () => {
    const { client, apiKey } = await createWorkspace(stack.api.url);
    const chinese = { columns: { 用户: 'userId', 姓名: 'trait:name' }, encoding: 'gb18030' };
    const gbk = await client.post('/v1/contact-imports', { mapping: chinese });
    // "用户,姓名\n张三-1,张三\n" in GB18030.
    const bytes = Buffer.from('d3c3bba72cd0d5c3fb0ad5c5c8fd2d312cd5c5c8fd0a', 'hex');
    expect((await upload(apiKey, gbk.body.id, bytes)).status).toBe(202);
    await finished(client, gbk.body.id);
    expect((await client.get('/v1/contacts/张三-1')).body.traits).toEqual({ name: '张三' });

    const job = await client.post('/v1/contact-imports', { mapping });
    const good = csv(3);
    const notUtf8 = await upload(apiKey, job.body.id, Buffer.concat([Buffer.from(`${good}`), Buffer.from([0xc4, 0xe3, 0x0a])]));
    expectProblem(notUtf8, 400);
    expect(notUtf8.body.errors![0]).toMatchObject({ path: 'line 5' });
    expect(notUtf8.body.errors![0]!.message).toMatch(/not valid utf-8/);
    const unclosed = await upload(apiKey, job.body.id, `${good}member-9,"13800000009,x@example.com\n`);
    expectProblem(unclosed, 400);
    expect(unclosed.body.errors![0]!.message).toMatch(/Quote Not Closed/i);
    const missing = await upload(apiKey, job.body.id, 'user_id,name\nm-1,Li\n');
    expectProblem(missing, 400);
    expect(missing.body.errors![0]!.message).toMatch(/mapping names columns the header does not have: "手机"/);
    expectProblem(await upload(apiKey, job.body.id, '{}', 'application/json'), 400);
    // Still waiting for its file: a good one goes in.
    expect((await upload(apiKey, job.body.id, good)).status).toBe(202);
    expectProblem(await upload(apiKey, job.body.id, good), 409);

    const badMapping = await client.post('/v1/contact-imports', { mapping: { columns: { a: 'trait:x.y', b: 'shoeSize' } } });
    expectProblem(badMapping, 400);
    expectProblem(await client.get('/v1/contact-imports/not-an-id'), 404);
  }, 300_000);
});
