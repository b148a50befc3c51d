import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';

/** One message as the SMTP server received it, parsed. */
export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Map<string, unknown>;
  raw: string;
}

/** A header of the message as sent, unfolded (long headers wrap onto indented lines). */
export function rawHeader(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /**
   * The reply for the next RCPT TO of an address: `{ code: 550 }` refuses it for good, 451 for
   * now. Left unset, every recipient is accepted.
   */
  refuse(address: string, reply: { code: number; message?: string } | undefined): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` library) that keeps what it receives,
 * parsed with `mailparser`, for tests and benchmarks to assert on. Plain SMTP without
 * authentication, as a relay inside a network would be.
 */
export async function startSmtpSink(options: { parse?: boolean } = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, { code: number; message?: string }>();
  const parse = options.parse ?? true;
  const serverOptions: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      if (!refusal) return callback();
      const error = new Error(refusal.message ?? 'mailbox unavailable') as Error & { responseCode: number };
      error.responseCode = refusal.code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const envelopeTo = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        if (!parse) {
          received.push({ envelopeFrom, envelopeTo, from: '', to: '', subject: '', html: '', text: '', headers: new Map(), raw });
          return callback();
        }
        const mail = await simpleParser(raw);
        received.push({
          envelopeFrom,
          envelopeTo,
          from: mail.from?.text ?? '',
          to: Array.isArray(mail.to) ? mail.to.map((to) => to.text).join(', ') : (mail.to?.text ?? ''),
          subject: mail.subject ?? '',
          html: typeof mail.html === 'string' ? mail.html : '',
          text: mail.text ?? '',
          headers: mail.headers,
          raw,
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    refuse(address, reply) {
      if (reply) refusals.set(address.toLowerCase(), reply);
      else refusals.delete(address.toLowerCase());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
