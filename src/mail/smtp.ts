// Sends prepared messages over SMTP with nodemailer: TLS required off loopback, timeouts on every phase,
// failures as UserErrors, and the password kept out of every message, log and error.
import { getCACertificates } from 'node:tls';
import { createTransport } from 'nodemailer';
import { UserError } from '../core/errors.ts';
import type { SmtpSettings } from '../workspace/settings-schema.ts';
import { isMailAddress } from './compose.ts';
import { resolveSmtpConfig } from './smtp-config.ts';
import type { SmtpConfig } from './smtp-config.ts';
import { SMTP_ADDRESS_INVALID, secretsOf, smtpFailure } from './smtp-errors.ts';
import type { FailureContext } from './smtp-errors.ts';
import type { MailEnvelope, MailTransport, SendResult } from './transport.ts';

export interface SmtpTimeouts {
  /** From the first DNS lookup until the server is ready for commands (TCP, TLS and greeting). */
  connectionMs: number;
  /** Waiting for the greeting or a STARTTLS handshake. */
  greetingMs: number;
  /** Silence allowed once connected. */
  socketMs: number;
}

export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = { connectionMs: 20_000, greetingMs: 15_000, socketMs: 60_000 };

export interface SmtpTransportOptions {
  /** Extra trusted CA certificates (PEM), added to Node's (which include NODE_EXTRA_CA_CERTS). Tests use it. */
  ca?: string | readonly string[];
  timeouts?: Partial<SmtpTimeouts>;
}

// The EHLO name ends up in the Received header every recipient sees; nodemailer would send this machine's
// host name (often the owner's name: "zoes-macbook"). An address literal says nothing and is valid (RFC 5321 4.1.3).
const EHLO_NAME = '[127.0.0.1]';

const SECURITY_LABEL = { tls: 'TLS', starttls: 'STARTTLS', none: 'no encryption' } as const;

/** The transport for takedown.yaml's smtp section and the TAKEDOWN_SMTP_* overrides, or a UserError saying what is missing. */
export function smtpTransportFrom(
  settings: SmtpSettings,
  env: Readonly<Record<string, string | undefined>>,
  options: SmtpTransportOptions = {},
): MailTransport {
  return createSmtpTransport(resolveSmtpConfig(settings, env), options);
}

function checkEnvelope(envelope: MailEnvelope): void {
  const bad = [envelope.from, ...envelope.to].find((address) => !isMailAddress(address));
  if (bad !== undefined) {
    throw new UserError(SMTP_ADDRESS_INVALID, `cannot send to or from ${JSON.stringify(bad)}: it is not an email address like abuse@host.example`);
  }
  if (envelope.to.length === 0) throw new UserError(SMTP_ADDRESS_INVALID, 'cannot send a message without recipients');
}

/** A transport for resolved settings (security already checked by resolveSmtpConfig). */
export function createSmtpTransport(config: SmtpConfig, options: SmtpTransportOptions = {}): MailTransport {
  const timeouts = { ...DEFAULT_SMTP_TIMEOUTS, ...options.timeouts };
  const server = `${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const ctx: FailureContext = {
    server,
    port: config.port,
    security: config.security,
    passwordEnv: config.passwordEnv,
    timeouts,
    secrets: secretsOf(config.user, config.password),
  };
  const extraCa = options.ca === undefined ? [] : typeof options.ca === 'string' ? [options.ca] : [...options.ca];
  const mailer = createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    ...(config.user !== undefined && config.password !== undefined ? { auth: { user: config.user, pass: config.password } } : {}),
    name: EHLO_NAME,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    dnsTimeout: timeouts.connectionMs,
    // No logger and no transcript: the AUTH exchange carries the password.
    logger: false,
    debug: false,
    transactionLog: false,
    // An explicit ca replaces Node's trust store, so Node's (with NODE_EXTRA_CA_CERTS) goes in too.
    tls: { minVersion: 'TLSv1.2', ...(extraCa.length > 0 ? { ca: [...getCACertificates('default'), ...extraCa] } : {}) },
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  // Errors reach the send and verify calls; an unhandled 'error' event would crash the process instead.
  mailer.on('error', () => undefined);
  const label = `${server} (${SECURITY_LABEL[config.security]})${config.user === undefined ? '' : ` as ${config.user}`}`;

  return {
    name: 'smtp',
    label,
    async send(envelope: MailEnvelope, raw: Buffer): Promise<SendResult> {
      checkEnvelope(envelope);
      try {
        const info = await mailer.sendMail({ envelope: { from: envelope.from, to: [...envelope.to] }, raw });
        return { accepted: info.accepted.map(String), rejected: info.rejected.map(String), response: info.response };
      } catch (error) {
        throw smtpFailure(error, ctx);
      }
    },
    async verify(): Promise<void> {
      try {
        await mailer.verify();
      } catch (error) {
        throw smtpFailure(error, ctx);
      }
    },
    async close(): Promise<void> {
      mailer.close();
    },
  };
}
