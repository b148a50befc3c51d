import { messagingPolicy, renderMessage } from '@trellis/journey';
import { MessageRequest } from '@trellis/nodes';
import { connectMongo, emailChannel, messageSender, runtimeModels, RuntimeModels, templateScope } from '@trellis/runtime';
import { Connection, Types } from 'mongoose';
import { mkdtempSync, rmSync } from 'node:fs';
import nodemailer, { Transporter } from 'nodemailer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../lib/ports';
import { ferretdb } from '../lib/services';
import { Supervisor } from '../lib/supervisor';
import { ensureFerretdb } from '../lib/toolchain';
import { inParallel } from '../test/harness';
import { SmtpSink, startSmtpSink } from '../test/smtp-sink';
import { BenchGroup } from './bench-case';

/** Sends in flight at once, as a worker running many enrolments would have them. */
const concurrency = 16;
/** Noon in Shanghai on a Monday: inside no quiet hours, so every send goes. */
const noon = Date.parse('2026-11-23T04:00:00Z');
const from = 'Tea House <hi@tea.example>';
const bodies = {
  email: {
    subject: '{{ contact.traits.firstName | default: "Hi" }}, autumn tea is here',
    html: '<html><body><h1>Hi {{ contact.traits.firstName }}</h1><p>Your {{ contact.traits.tier | default: "member" }} price: ¥{{ contact.traits.points | times: 2 }}.</p><p><a href="{{ unsubscribeUrl }}">Unsubscribe</a></p></body></html>',
    preheader: '20% off for {{ contact.traits.firstName }}',
  },
};

/**
 * An email through the whole send path — send log, workspace policy (a daily and a weekly cap,
 * quiet hours), consent, suppressions, the template read and rendered with Liquid, cap units
 * taken atomically, SMTP to a local server, the outcome recorded — against nodemailer sending the
 * same messages, already rendered, to the same server over the same kind of pool.
 */
export function sendGroup(options: { sends: number }): BenchGroup {
  let supervisor: Supervisor;
  let dataDir: string;
  let mongo: Connection;
  let models: RuntimeModels;
  let smtp: SmtpSink;
  let sender: ReturnType<typeof messageSender>;
  let direct: Transporter;
  const workspaceId = new Types.ObjectId().toHexString();
  let contactIds: string[] = [];
  let prerendered: { to: string; subject: string; html: string; headers: Record<string, string> }[] = [];
  let runs = 0;

  return {
    name: 'send',
    async setup() {
      await ensureFerretdb();
      dataDir = mkdtempSync(join(tmpdir(), 'trellis-bench-send-'));
      supervisor = new Supervisor(['ferretdb']);
      const [port, debugPort] = [await freePort(), await freePort()];
      await supervisor.start(ferretdb({ dataDir, port, debugPort, quiet: true }));
      mongo = await connectMongo(`mongodb://127.0.0.1:${port}/bench`);
      models = runtimeModels(mongo);
      await Promise.all(Object.values(models).map((model) => model.init()));
      smtp = await startSmtpSink({ parse: false });
      const contacts = Array.from({ length: options.sends }, (_, index) => ({
        workspaceId,
        externalId: `m-${index}`,
        identities: [{ kind: 'email', value: `m-${index}@tea.example` }],
        traits: { firstName: `会员${index}`, tier: index % 2 ? 'gold' : 'silver', points: index % 500 },
        tags: [],
        timezone: 'Asia/Shanghai',
      }));
      contactIds = (await models.contacts.insertMany(contacts)).map((doc) => String(doc._id));
      await models.messageTemplates.create({ _id: `${workspaceId}:autumn`, workspaceId, key: 'autumn', name: 'Autumn', version: 1, bodies });
      await models.channelConfigs.create({ _id: `${workspaceId}:email`, workspaceId, kind: 'email', config: { host: '127.0.0.1', port: smtp.port, secure: false, from } });
      const policy = messagingPolicy.parse({ caps: [{ id: 'daily', limit: 1000, per: 'day' }, { id: 'weekly', limit: 1000, per: 'week' }], quietHours: { start: '21:00', end: '08:00' } });
      await models.messagingPolicies.create({ _id: workspaceId, policy });
      sender = messageSender({ models, channels: [emailChannel({ allowedHosts: async () => ['127.0.0.1'] })], publicUrl: 'https://trellis.example' });
      const stored = await models.contacts.find({ workspaceId }).lean();
      prerendered = stored.map((contact) => {
        const rendered = renderMessage('email', bodies.email, templateScope(contact, 'https://trellis.example/v1/unsubscribe/x'), 'promo');
        return { to: contact.identities[0]!.value, subject: rendered.subject, html: rendered.html, headers: { 'List-Unsubscribe': '<https://trellis.example/v1/unsubscribe/x>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
      });
      direct = nodemailer.createTransport({ pool: true, maxConnections: 3, host: '127.0.0.1', port: smtp.port, secure: false });
    },
    async teardown() {
      direct?.close();
      await sender?.close();
      await smtp?.close();
      await mongo?.close();
      await supervisor?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    cases: [
      {
        kind: 'throughput',
        name: `send: ${options.sends.toLocaleString('en')} emails through the send path (guardrails, caps, Liquid, send log, SMTP to 127.0.0.1), ${concurrency} at a time`,
        repeat: 3,
        subject: {
          name: 'messageSender().send',
          async run() {
            const run = runs++;
            const before = smtp.received.length;
            await inParallel(contactIds, concurrency, async (contactId, index) => {
              const request: MessageRequest = {
                workspaceId,
                contactId,
                idempotencyKey: `bench-${run}/${index}`,
                channel: 'email',
                template: 'autumn',
                category: 'promo',
                whenCapped: 'skip',
                // A day per run, so the caps count afresh.
                nowMs: noon + run * 86_400_000,
                finalAttempt: false,
                // As a journey's first attempt at a visit is.
                firstRun: true,
              };
              const receipt = await sender.send(request);
              if (receipt.status !== 'sent') throw new Error(`send ${request.idempotencyKey} was ${receipt.status} (${receipt.reason})`);
            });
            if (smtp.received.length - before !== contactIds.length) throw new Error(`the SMTP server received ${smtp.received.length - before} of ${contactIds.length}`);
            return { emails: contactIds.length };
          },
        },
        baseline: {
          name: 'nodemailer sendMail (pre-rendered)',
          async run() {
            const before = smtp.received.length;
            await inParallel(prerendered, concurrency, async (message) => {
              await direct.sendMail({ from, ...message });
            });
            if (smtp.received.length - before !== prerendered.length) throw new Error('the SMTP server missed messages');
            return { emails: prerendered.length };
          },
        },
      },
    ],
  };
}
