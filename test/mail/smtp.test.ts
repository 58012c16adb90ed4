// The SMTP transport against the real mail sink on loopback: delivery, logins, TLS, refusals, timeouts,
// and the password never shown.
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { composeMessage } from '../../src/mail/compose.ts';
import type { OutgoingMessage } from '../../src/mail/compose.ts';
import { startMailSink } from '../../src/mail/sink.ts';
import type { MailSink, MailSinkOptions } from '../../src/mail/sink.ts';
import { smtpTransportFrom } from '../../src/mail/smtp.ts';
import type { SmtpTransportOptions } from '../../src/mail/smtp.ts';
import type { MailTransport } from '../../src/mail/transport.ts';
import { DEFAULT_SETTINGS } from '../../src/workspace/settings-schema.ts';
import type { SmtpSettings } from '../../src/workspace/settings-schema.ts';
import { TEST_CERT, TEST_KEY } from '../support/test-certs.ts';

const PASSWORD = 'c0rrect-Horse-§-battery';
const WRONG_PASSWORD = 'wr0ng-Pony-§-staple';
const USER = 'zoe@example.org';

const MESSAGE: OutgoingMessage = {
  from: { name: 'Zoë Example', address: 'zoe@example.org' },
  to: ['abuse@host.example'],
  subject: 'Removal request under § 223a StGB — Zoë',
  text: 'Hello,\n\nplease remove https://tube.example/v/123 (§ 223a, Zoë).\n\nZoë\n',
  messageId: '<R-0001.0123456789abcdef@example.org>',
  date: new Date('2025-03-04T05:06:07Z'),
  headers: { 'X-Takedown-Request': 'R-0001' },
};
const ENVELOPE = { from: 'zoe@example.org', to: ['abuse@host.example'] };

const sinks: MailSink[] = [];
const transports: MailTransport[] = [];
let raw: Buffer;

async function sink(options: MailSinkOptions = {}): Promise<MailSink> {
  const started = await startMailSink(options);
  sinks.push(started);
  return started;
}

function transport(port: number, patch: Partial<SmtpSettings> = {}, env: Record<string, string> = {}, options: SmtpTransportOptions = {}): MailTransport {
  const settings: SmtpSettings = { ...DEFAULT_SETTINGS.smtp, host: '127.0.0.1', port, security: 'none', ...patch };
  const made = smtpTransportFrom(settings, env, options);
  transports.push(made);
  return made;
}

async function failureOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

/** Everything a user could see of an error: what the CLI prints and what a bug report would carry. */
function shownOf(error: Error): string {
  return [error.message, error.stack ?? '', String(error), JSON.stringify(error), JSON.stringify(Object.entries(error))].join('\n');
}

function secretForms(password: string, user = USER): string[] {
  return [
    password,
    Buffer.from(password).toString('base64'),
    Buffer.from(`\u0000${user}\u0000${password}`).toString('base64'),
    encodeURIComponent(password),
  ];
}

beforeAll(async () => {
  raw = await composeMessage(MESSAGE);
});

afterEach(async () => {
  await Promise.all(transports.splice(0).map((each) => each.close()));
});

afterAll(async () => {
  await Promise.all(sinks.map((each) => each.close()));
});

describe('delivery', () => {
  it('delivers the exact bytes, and the sink reads recipients, subject and non-ASCII text', async () => {
    const local = await sink();
    const result = await transport(local.port).send({ from: ENVELOPE.from, to: ['abuse@host.example', 'legal@host.example'] }, raw);
    expect(result).toMatchObject({ accepted: ['abuse@host.example', 'legal@host.example'], rejected: [] });
    expect(result.response).toMatch(/^250 /);

    const [got] = await local.waitFor(1);
    expect(got?.raw.equals(raw)).toBe(true);
    expect(got?.envelope).toEqual({ from: 'zoe@example.org', to: ['abuse@host.example', 'legal@host.example'] });
    expect(got?.subject).toBe('Removal request under § 223a StGB — Zoë');
    expect(got?.headers['from']).toEqual(['Zoë Example <zoe@example.org>']);
    expect(got?.headers['to']).toEqual(['abuse@host.example']);
    expect(got?.headers['x-takedown-request']).toEqual(['R-0001']);
    expect(got?.text).toBe(MESSAGE.text);
    expect(got?.secure).toBe(false);
  });

  it('says where mail goes without the password', () => {
    const made = transport(2525, {}, { TAKEDOWN_SMTP_USER: USER, TAKEDOWN_SMTP_PASSWORD: PASSWORD });
    expect(made.name).toBe('smtp');
    expect(made.label).toBe(`127.0.0.1:2525 (no encryption) as ${USER}`);
    expect(JSON.stringify(made)).not.toContain(PASSWORD);
  });

  it('refuses an envelope address that is not one', async () => {
    const local = await sink();
    const error = await failureOf(transport(local.port).send({ from: ENVELOPE.from, to: ['abuse@host.example\r\nRCPT TO:<x@y.example>'] }, raw));
    expect(error).toMatchObject({ name: 'UserError', code: 'SMTP_ADDRESS_INVALID' });
    expect(local.messages).toHaveLength(0);
  });
});

describe('login', () => {
  it.each([['PLAIN' as const], ['LOGIN' as const]])('logs in with AUTH %s', async (method) => {
    const local = await sink({ auth: { user: USER, pass: PASSWORD }, authMethods: [method] });
    const env = { TAKEDOWN_SMTP_USER: USER, TAKEDOWN_SMTP_PASSWORD: PASSWORD };
    await transport(local.port, {}, env).verify();
    await transport(local.port, {}, env).send(ENVELOPE, raw);
    const [got] = await local.waitFor(1);
    expect(got?.user).toBe(USER);
  });

  it.each([['PLAIN' as const], ['LOGIN' as const]])('a wrong password with AUTH %s is a plain error that never shows it', async (method) => {
    const local = await sink({ auth: { user: USER, pass: PASSWORD }, authMethods: [method] });
    const printed: string[] = [];
    const keep = (...args: unknown[]): boolean => {
      printed.push(args.map((each) => (Buffer.isBuffer(each) ? each.toString('utf8') : String(each))).join(' '));
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(keep),
      vi.spyOn(process.stderr, 'write').mockImplementation(keep),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((name) => vi.spyOn(console, name).mockImplementation(keep)),
    ];
    let sendError: Error & { code?: string };
    let verifyError: Error & { code?: string };
    try {
      const bad = transport(local.port, {}, { TAKEDOWN_SMTP_USER: USER, TAKEDOWN_SMTP_PASSWORD: WRONG_PASSWORD });
      sendError = await failureOf(bad.send(ENVELOPE, raw));
      verifyError = await failureOf(bad.verify());
      printed.push(bad.label);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    for (const error of [sendError, verifyError]) {
      expect(error).toMatchObject({ name: 'UserError', code: 'SMTP_AUTH_FAILED' });
      expect(error.message).toBe('127.0.0.1:' + local.port + ' refused the login (535 Invalid username or password): check smtp.user and the password in TAKEDOWN_SMTP_PASSWORD');
    }
    const everything = [shownOf(sendError), shownOf(verifyError), ...printed].join('\n');
    for (const secret of [...secretForms(WRONG_PASSWORD), ...secretForms(PASSWORD)]) expect(everything).not.toContain(secret);
    expect(local.messages).toHaveLength(0);
  });

  it('a server that wants a login and gets none: says which settings to fill in', async () => {
    const local = await sink({ auth: { user: USER, pass: PASSWORD } });
    const error = await failureOf(transport(local.port).send(ENVELOPE, raw));
    expect(error).toMatchObject({ name: 'UserError', code: 'SMTP_AUTH_REQUIRED' });
    expect(error.message).toContain('requires a login');
    expect(error.message).toContain('set smtp.user in takedown.yaml and the password in TAKEDOWN_SMTP_PASSWORD');
  });
});

// A server that repeats the AUTH line and the decoded password in its refusal: the error must hide both.
describe('a server that echoes the credentials', () => {
  let echo: Server;
  let echoPort: number;

  beforeAll(async () => {
    echo = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.write('220 echo ESMTP\r\n');
      let buffered = '';
      socket.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        let end: number;
        while ((end = buffered.indexOf('\r\n')) !== -1) {
          const line = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          if (/^EHLO /i.test(line)) socket.write('250-echo\r\n250 AUTH PLAIN\r\n');
          else if (/^AUTH PLAIN /i.test(line)) {
            const token = line.slice('AUTH PLAIN '.length);
            const decoded = Buffer.from(token, 'base64').toString('utf8').split('\u0000').join(' ');
            socket.write(`535 5.7.8 refused ${line} (${decoded}) token=${token}\r\n`);
          } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
          else socket.write('502 what\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoPort = (echo.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => echo.close(resolve));
  });

  it('scrubs the password, its base64 and the AUTH token from the error', async () => {
    const error = await failureOf(transport(echoPort, {}, { TAKEDOWN_SMTP_USER: USER, TAKEDOWN_SMTP_PASSWORD: PASSWORD }).send(ENVELOPE, raw));
    expect(error).toMatchObject({ name: 'UserError', code: 'SMTP_AUTH_FAILED' });
    expect(error.message).toContain('535 5.7.8 refused AUTH PLAIN [hidden]');
    for (const secret of secretForms(PASSWORD)) expect(shownOf(error)).not.toContain(secret);
  });
});

describe('TLS', () => {
  it('upgrades with STARTTLS to a server whose CA is given', async () => {
    const local = await sink({ tls: { key: TEST_KEY, cert: TEST_CERT }, auth: { user: USER, pass: PASSWORD } });
    const env = { TAKEDOWN_SMTP_USER: USER, TAKEDOWN_SMTP_PASSWORD: PASSWORD };
    await transport(local.port, { security: 'starttls' }, env, { ca: TEST_CERT }).send(ENVELOPE, raw);
    const [got] = await local.waitFor(1);
    expect(got).toMatchObject({ secure: true, user: USER, subject: MESSAGE.subject });
  });

  it('refuses a STARTTLS certificate it cannot trust', async () => {
    const local = await sink({ tls: { key: TEST_KEY, cert: TEST_CERT } });
    const error = await failureOf(transport(local.port, { security: 'starttls' }).send(ENVELOPE, raw));
    expect(error).toMatchObject({ name: 'UserError', code: 'SMTP_TLS_FAILED' });
    expect(error.message).toBe(
      `could not set up an encrypted connection to 127.0.0.1:${local.port}: its certificate is self-signed; ` +
        'if it is your own server, add its CA with NODE_EXTRA_CA_CERTS [DEPTH_ZERO_SELF_SIGNED_CERT]',
    );
    expect(local.messages).toHaveLength(0);
  });

  it('will not go on in clear text when the server offers no STARTTLS', async () => {
    const local = await sink();
    const error = await failureOf(transport(local.port, { security: 'starttls' }).send(ENVELOPE, raw));
    expect(error).toMatchObject({ name: 'UserError', code: 'SMTP_TLS_FAILED' });
    expect(error.message).toContain(`127.0.0.1:${local.port} would not start TLS`);
    expect(local.messages).toHaveLength(0);
  });

  it('speaks TLS from the first byte with security tls', async () => {
    const local = await sink({ tls: { key: TEST_KEY, cert: TEST_CERT }, secure: true });
    await transport(local.port, { security: 'tls' }, {}, { ca: TEST_CERT }).send(ENVELOPE, raw);
    const [got] = await local.waitFor(1);
    expect(got).toMatchObject({ secure: true, text: MESSAGE.text });
  });

  it('security tls to a plain port says so', async () => {
    const local = await sink({ tls: { key: TEST_KEY, cert: TEST_CERT } });
    const error = await failureOf(transport(local.port, { security: 'tls' }, {}, { ca: TEST_CERT, timeouts: { connectionMs: 2000 } }).send(ENVELOPE, raw));
    expect(error).toMatchObject({ name: 'UserError', code: 'SMTP_TLS_FAILED' });
    expect(error.message).toContain('may expect STARTTLS');
  });
});

describe('refusals', () => {
  it('a recipient the server refuses, alone: an error naming it', async () => {
    const local = await sink({ rejectRecipients: ['Gone@Host.Example'] });
    const error = await failureOf(transport(local.port).send({ from: ENVELOPE.from, to: ['gone@host.example'] }, raw));
    expect(error).toMatchObject({ name: 'UserError', code: 'SMTP_RECIPIENT_REJECTED' });
    expect(error.message).toBe(`127.0.0.1:${local.port} refused gone@host.example (550 <gone@host.example>: recipient address rejected by the sink)`);
    expect(local.messages).toHaveLength(0);
  });

  it('a recipient refused among others: sent to the rest, the refused one reported', async () => {
    const local = await sink({ rejectRecipients: ['gone@host.example'] });
    const result = await transport(local.port).send({ from: ENVELOPE.from, to: ['gone@host.example', 'abuse@host.example'] }, raw);
    expect(result).toMatchObject({ accepted: ['abuse@host.example'], rejected: ['gone@host.example'] });
    const [got] = await local.waitFor(1);
    expect(got?.envelope.to).toEqual(['abuse@host.example']);
  });
});

describe('unreachable servers', () => {
  let tarpit: Server;
  let tarpitPort: number;
  const held = new Set<Socket>();

  beforeAll(async () => {
    // Takes the connection and never says a word.
    tarpit = createServer((socket) => {
      held.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', resolve));
    tarpitPort = (tarpit.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => tarpit.close(resolve));
  });

  it('a server that never greets: a timeout, soon and cleanly', async () => {
    const started = Date.now();
    const error = await failureOf(transport(tarpitPort, {}, {}, { timeouts: { connectionMs: 2000, greetingMs: 300 } }).send(ENVELOPE, raw));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toMatchObject({ name: 'UserError', code: 'SMTP_CONNECT_TIMEOUT' });
    expect(error.message).toBe(
      `127.0.0.1:${tarpitPort} took the connection but did not greet within 300 ms; if port ${tarpitPort} expects TLS from the first byte (usually 465), set smtp.security to "tls"`,
    );
  });

  it('a server that never finishes the TLS handshake: a timeout', async () => {
    const started = Date.now();
    const error = await failureOf(transport(tarpitPort, { security: 'tls' }, {}, { timeouts: { connectionMs: 400, greetingMs: 300 } }).send(ENVELOPE, raw));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toMatchObject({ name: 'UserError', code: expect.stringMatching(/^SMTP_(CONNECT_)?TIMEOUT$/) });
  });

  it('nothing listening: connection refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failureOf(transport(port).verify());
    expect(error).toMatchObject({ name: 'UserError', code: 'SMTP_CONNECTION_REFUSED' });
    expect(error.message).toBe(`127.0.0.1:${port} refused the connection: no mail server is listening there [ECONNREFUSED]`);
  });

  it('security none to another machine is refused before any connection', () => {
    expect(() => transport(25, { host: 'smtp.example.org', security: 'none' }, { TAKEDOWN_SMTP_USER: USER, TAKEDOWN_SMTP_PASSWORD: PASSWORD })).toThrow(
      expect.objectContaining({ code: 'SMTP_INSECURE' }),
    );
  });
});

describe('the sink', () => {
  it('waitFor gives up after its timeout', async () => {
    const local = await sink();
    await expect(local.waitFor(1, 50)).rejects.toThrow('the mail sink received 0 of 1 messages within 50 ms');
  });

  it('waitFor resolves for messages that arrive later', async () => {
    const local = await sink();
    const waiting = local.waitFor(2);
    const sender = transport(local.port);
    await sender.send(ENVELOPE, raw);
    await sender.send(ENVELOPE, raw);
    await expect(waiting).resolves.toHaveLength(2);
  });

  it('secure needs a certificate', async () => {
    await expect(startMailSink({ secure: true })).rejects.toThrow('secure needs tls');
  });
});
