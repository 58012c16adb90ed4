// nodemailer failures as UserErrors in plain words, chosen by error code and SMTP reply code (never by
// message text), with every trace of the password scrubbed from what is shown.
import { UserError } from '../core/errors.ts';

export const SMTP_AUTH_FAILED = 'SMTP_AUTH_FAILED';
export const SMTP_AUTH_REQUIRED = 'SMTP_AUTH_REQUIRED';
export const SMTP_CONNECTION_REFUSED = 'SMTP_CONNECTION_REFUSED';
export const SMTP_CONNECTION_LOST = 'SMTP_CONNECTION_LOST';
export const SMTP_HOST_NOT_FOUND = 'SMTP_HOST_NOT_FOUND';
export const SMTP_TLS_FAILED = 'SMTP_TLS_FAILED';
export const SMTP_TIMEOUT = 'SMTP_TIMEOUT';
/** Timed out before the SMTP session began (no connection, no greeting, no TLS): nothing was sent. */
export const SMTP_CONNECT_TIMEOUT = 'SMTP_CONNECT_TIMEOUT';
export const SMTP_SENDER_REJECTED = 'SMTP_SENDER_REJECTED';
export const SMTP_RECIPIENT_REJECTED = 'SMTP_RECIPIENT_REJECTED';
export const SMTP_MESSAGE_REJECTED = 'SMTP_MESSAGE_REJECTED';
export const SMTP_ADDRESS_INVALID = 'SMTP_ADDRESS_INVALID';
export const SMTP_PROTOCOL_ERROR = 'SMTP_PROTOCOL_ERROR';

/** What a message about a failure may name. */
export interface FailureContext {
  /** `smtp.example.org:587` */
  server: string;
  security: 'tls' | 'starttls' | 'none';
  port: number;
  passwordEnv: string;
  timeouts: { connectionMs: number; greetingMs: number; socketMs: number };
  /** Strings that must never be shown: the password and the AUTH tokens built from it. */
  secrets: readonly string[];
}

interface NodemailerError {
  code?: unknown;
  originalCode?: unknown;
  timeoutType?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  rejected?: unknown;
}

/** The password as it could travel: itself, AUTH LOGIN's base64 and AUTH PLAIN's base64 token (user and password). */
export function secretsOf(user: string | undefined, password: string | undefined): string[] {
  if (password === undefined || password === '') return [];
  const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  const forms = [password, base64(password), encodeURIComponent(password)];
  if (user !== undefined) forms.push(base64(`\u0000${user}\u0000${password}`), base64(`${user}\u0000${user}\u0000${password}`));
  // Longest first, so a token is hidden whole before a shorter form inside it is.
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** Hides secrets and the argument of any echoed AUTH command. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text.replace(/\b(AUTH\s+[A-Za-z0-9-]+)\s+\S+/gi, '$1 [hidden]');
  for (const secret of secrets) out = out.split(secret).join('[hidden]');
  return out;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

// Certificate and handshake failures keep their OpenSSL or Node code in originalCode.
const TLS_WORDS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a self-signed authority this machine does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is not signed by an authority this machine trusts',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is not signed by an authority this machine trusts',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'it did not answer in TLS',
};
const TLS_PREFIXES = ['CERT_', 'ERR_TLS_', 'ERR_SSL_', 'UNABLE_TO_'];

function isTlsCode(code: string | undefined): boolean {
  if (code === undefined) return false;
  return code in TLS_WORDS || code === 'EPROTO' || TLS_PREFIXES.some((prefix) => code.startsWith(prefix));
}

const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

function tlsFailure(ctx: FailureContext, original: string | undefined, reply: string): UserError {
  if (original === undefined && reply !== '') {
    return new UserError(SMTP_TLS_FAILED, `${ctx.server} would not start TLS (${reply}); with smtp.security "starttls" the server must offer STARTTLS`);
  }
  let words = (original !== undefined ? TLS_WORDS[original] : undefined) ?? 'the TLS handshake failed';
  if (original === 'ERR_SSL_WRONG_VERSION_NUMBER' && ctx.security === 'tls') {
    words += ` (port ${ctx.port} may expect STARTTLS: try smtp.security "starttls", usually with port 587)`;
  }
  const hint = original?.includes('CERT') || original?.startsWith('UNABLE_TO') ? '; if it is your own server, add its CA with NODE_EXTRA_CA_CERTS' : '';
  return new UserError(SMTP_TLS_FAILED, `could not set up an encrypted connection to ${ctx.server}: ${words}${hint}${original ? ` [${original}]` : ''}`);
}

function timeoutFailure(ctx: FailureContext, kind: string | undefined): UserError {
  const { connectionMs, greetingMs, socketMs } = ctx.timeouts;
  if (kind === 'GREETING_TIMEOUT') {
    const hint = ctx.security === 'tls' ? '' : `; if port ${ctx.port} expects TLS from the first byte (usually 465), set smtp.security to "tls"`;
    return new UserError(SMTP_CONNECT_TIMEOUT, `${ctx.server} took the connection but did not greet within ${seconds(greetingMs)}${hint}`);
  }
  if (kind === 'SOCKET_TIMEOUT') return new UserError(SMTP_TIMEOUT, `${ctx.server} stopped answering for ${seconds(socketMs)}`);
  if (kind === 'UPGRADE_TIMEOUT') return new UserError(SMTP_CONNECT_TIMEOUT, `${ctx.server} did not finish the TLS handshake within ${seconds(greetingMs)}`);
  return new UserError(SMTP_CONNECT_TIMEOUT, `${ctx.server} did not set up a connection within ${seconds(connectionMs)}`);
}

function envelopeFailure(ctx: FailureContext, command: string | undefined, status: number | undefined, reply: string, rejected: unknown): UserError {
  const said = reply === '' ? '' : ` (${reply})`;
  const later = status !== undefined && status >= 400 && status < 500 ? '; the refusal is temporary, try again later' : '';
  if (command === 'MAIL FROM' && status === 530) {
    return new UserError(SMTP_AUTH_REQUIRED, `${ctx.server} requires a login${said}: set smtp.user in takedown.yaml and the password in ${ctx.passwordEnv}`);
  }
  if (command === 'MAIL FROM') return new UserError(SMTP_SENDER_REJECTED, `${ctx.server} refused the sender address${said}${later}`);
  if (command === 'RCPT TO') {
    const who = Array.isArray(rejected) && rejected.length > 0 ? rejected.join(', ') : 'every recipient';
    return new UserError(SMTP_RECIPIENT_REJECTED, `${ctx.server} refused ${who}${said}${later}`);
  }
  if (command === 'DATA') return new UserError(SMTP_MESSAGE_REJECTED, `${ctx.server} refused the message${said}${later}`);
  return new UserError(SMTP_ADDRESS_INVALID, `the envelope has an address the mail client cannot send to`);
}

/**
 * A UserError for anything the server, the network or the settings caused. Anything else is a bug: it is
 * returned as it was, with its message and stack scrubbed.
 */
export function smtpFailure(error: unknown, ctx: FailureContext): Error {
  const err: NodemailerError = typeof error === 'object' && error !== null ? error : {};
  const code = stringOf(err.code);
  const original = stringOf(err.originalCode);
  const status = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const reply = scrub(stringOf(err.response)?.trim() ?? '', ctx.secrets);
  const command = stringOf(err.command);
  switch (code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return new UserError(
        SMTP_AUTH_FAILED,
        `${ctx.server} refused the login${reply === '' ? '' : ` (${reply})`}: check smtp.user and the password in ${ctx.passwordEnv}`,
      );
    case 'ETIMEDOUT':
      return timeoutFailure(ctx, stringOf(err.timeoutType));
    case 'EDNS':
      return new UserError(SMTP_HOST_NOT_FOUND, `the mail server's name ${ctx.server.replace(/:\d+$/, '')} was not found${original ? ` [${original}]` : ''}`);
    case 'ETLS':
      return tlsFailure(ctx, original, reply);
    case 'ESOCKET':
    case 'ECONNECTION':
      if (original !== undefined && REFUSED_CODES.has(original)) {
        return new UserError(SMTP_CONNECTION_REFUSED, `${ctx.server} refused the connection: no mail server is listening there [${original}]`);
      }
      if (isTlsCode(original)) return tlsFailure(ctx, original, '');
      return new UserError(SMTP_CONNECTION_LOST, `the connection to ${ctx.server} broke off${reply === '' ? '' : ` (${reply})`}${original ? ` [${original}]` : ''}`);
    case 'EENVELOPE':
      return envelopeFailure(ctx, command, status, reply, err.rejected);
    case 'EMESSAGE':
      return envelopeFailure(ctx, 'DATA', status, reply, undefined);
    case 'EPROTOCOL':
      return new UserError(SMTP_PROTOCOL_ERROR, `${ctx.server} gave an answer that is not SMTP${reply === '' ? '' : ` (${reply.slice(0, 200)})`}; check smtp.host and smtp.port`);
    default:
      return scrubbed(error, ctx.secrets);
  }
}

function scrubbed(error: unknown, secrets: readonly string[]): Error {
  if (!(error instanceof Error)) return new Error(scrub(String(error), secrets));
  error.message = scrub(error.message, secrets);
  if (error.stack !== undefined) error.stack = scrub(error.stack, secrets);
  return error;
}
