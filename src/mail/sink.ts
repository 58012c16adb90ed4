// A local SMTP server that keeps what it receives in memory: the tests' mail server and `takedown demo`'s
// built-in sink. It listens on loopback by default and never relays anything anywhere.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerError, SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import { parseMessage } from './parse-message.ts';

export interface MailSinkOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port (read it back from `port`). */
  port?: number;
  /** Require this login (AUTH PLAIN or LOGIN); without it the sink takes mail from anyone and offers no AUTH. */
  auth?: { user: string; pass: string };
  /** Login methods offered; default both. */
  authMethods?: ReadonlyArray<'PLAIN' | 'LOGIN'>;
  /** Certificate and key: offers STARTTLS, or speaks TLS from the first byte when `secure` is set. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Implicit TLS (like port 465); needs `tls`. */
  secure?: boolean;
  /** Recipients refused with 550 at RCPT TO, compared without case. */
  rejectRecipients?: readonly string[];
}

export interface ReceivedMessage {
  envelope: { from: string; to: string[] };
  /** The bytes as received (dot-unstuffed), CRLF line ends. */
  raw: Buffer;
  /** Header fields by lower-case name, decoded (see parse-message.ts). */
  headers: Record<string, string[]>;
  subject?: string;
  /** The decoded text body, `\n` line ends. */
  text: string;
  /** The login used, when the sink asked for one. */
  user?: string;
  /** Whether the session was encrypted (STARTTLS or implicit TLS). */
  secure: boolean;
}

export interface MailSink {
  host: string;
  port: number;
  /** Everything received so far, oldest first. */
  readonly messages: ReceivedMessage[];
  /** Resolves once `count` messages are in, or rejects after `timeoutMs` (default 5 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

function smtpError(message: string, responseCode: number): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

function readStream(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function received(raw: Buffer, session: SMTPServerSession): ReceivedMessage {
  const { mailFrom, rcptTo } = session.envelope;
  const message: ReceivedMessage = {
    envelope: { from: mailFrom === false ? '' : mailFrom.address, to: rcptTo.map((each) => each.address) },
    raw,
    ...parseMessage(raw),
    secure: session.secure,
  };
  const user = typeof session.user === 'string' ? session.user : undefined;
  return user === undefined ? message : { ...message, user };
}

function serverOptions(options: MailSinkOptions, onMessage: (message: ReceivedMessage) => void): SMTPServerOptions {
  const refused = new Set((options.rejectRecipients ?? []).map((address) => address.toLowerCase()));
  const { auth, tls } = options;
  return {
    name: 'localhost',
    banner: 'takedown mail sink',
    logger: false,
    // A reverse DNS lookup per connection would wait on the network for nothing.
    disableReverseLookup: true,
    size: MAX_MESSAGE_BYTES,
    closeTimeout: 500,
    secure: options.secure === true,
    ...(tls === undefined ? {} : { key: tls.key, cert: tls.cert }),
    // Without a certificate of ours, STARTTLS would use smtp-server's built-in one, whose key is public.
    disabledCommands: [...(tls === undefined ? ['STARTTLS'] : []), ...(auth === undefined ? ['AUTH'] : [])],
    authMethods: [...(options.authMethods ?? ['PLAIN', 'LOGIN'])],
    authOptional: auth === undefined,
    // Like real servers, refuse a login in clear text when encryption is on offer; allow it on a plain sink.
    allowInsecureAuth: tls === undefined,
    onAuth(login, _session, callback) {
      if (auth !== undefined && login.username === auth.user && login.password === auth.pass) {
        callback(null, { user: login.username });
        return;
      }
      callback(smtpError('Invalid username or password', 535));
    },
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address.toLowerCase())) {
        callback(smtpError(`<${address.address}>: recipient address rejected by the sink`, 550));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      readStream(stream).then(
        (raw) => {
          if (stream.sizeExceeded) {
            callback(smtpError('message too large for the sink', 552));
            return;
          }
          onMessage(received(raw, session));
          callback();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  };
}

/** Starts a sink; close it when done. */
export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  if (options.secure === true && options.tls === undefined) throw new Error('startMailSink: secure needs tls (key and cert)');
  const messages: ReceivedMessage[] = [];
  const waiters = new Set<{ count: number; resolve: (all: ReceivedMessage[]) => void }>();
  const server = new SMTPServer(
    serverOptions(options, (message) => {
      messages.push(message);
      for (const waiter of waiters) {
        if (messages.length < waiter.count) continue;
        waiters.delete(waiter);
        waiter.resolve([...messages]);
      }
    }),
  );
  // Client sockets that break (a test's client giving up) are expected; they must not crash the process.
  server.on('error', () => undefined);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host,
    port,
    messages,
    waitFor(count: number, timeoutMs = 5000): Promise<ReceivedMessage[]> {
      if (messages.length >= count) return Promise.resolve([...messages]);
      return new Promise((resolve, reject) => {
        const waiter = {
          count,
          resolve: (all: ReceivedMessage[]) => {
            clearTimeout(timer);
            resolve(all);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`the mail sink received ${messages.length} of ${count} messages within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close(): Promise<void> {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
