// SMTP settings from takedown.yaml with environment overrides, checked: host, port, security, login (pure).
import { UserError } from '../core/errors.ts';
import type { SmtpSettings } from '../workspace/settings-schema.ts';

export type SmtpSecurity = SmtpSettings['security'];

export interface SmtpConfig {
  host: string;
  port: number;
  security: SmtpSecurity;
  /** Set together with password, or neither. */
  user?: string;
  password?: string;
  /** Variable the password came from, for messages. */
  passwordEnv: string;
}

export const SMTP_NOT_CONFIGURED = 'SMTP_NOT_CONFIGURED';
export const SMTP_SETTING_INVALID = 'SMTP_SETTING_INVALID';
export const SMTP_INSECURE = 'SMTP_INSECURE';

export const SMTP_ENV = {
  host: 'TAKEDOWN_SMTP_HOST',
  port: 'TAKEDOWN_SMTP_PORT',
  user: 'TAKEDOWN_SMTP_USER',
  security: 'TAKEDOWN_SMTP_SECURITY',
} as const;

const DEFAULT_PORT: Record<SmtpSecurity, number> = { tls: 465, starttls: 587, none: 25 };
const SECURITIES: readonly string[] = ['tls', 'starttls', 'none'];

type Env = Readonly<Record<string, string | undefined>>;

/** An environment value, or undefined when unset or blank (an empty export means "not set"). */
function fromEnv(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function invalid(source: string, value: string, expected: string): UserError {
  return new UserError(SMTP_SETTING_INVALID, `${source} must be ${expected} (got ${JSON.stringify(value)})`);
}

/** 127.0.0.0/8, ::1 and localhost: the only places a plain-text connection stays on this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  return /^(?:::ffff:)?127(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(bare);
}

function hostFrom(settings: SmtpSettings, env: Env): string {
  const fromVariable = fromEnv(env, SMTP_ENV.host);
  const host = fromVariable ?? settings.host?.trim();
  if (host === undefined || host === '') {
    throw new UserError(SMTP_NOT_CONFIGURED, `no mail server is set: add smtp.host to takedown.yaml or set ${SMTP_ENV.host}`);
  }
  const source = fromVariable === undefined ? 'smtp.host in takedown.yaml' : SMTP_ENV.host;
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (!/^[^\s/@?#\\[\]]+$/.test(bare) || (bare.includes(':') && !isIpv6(bare))) {
    throw invalid(source, host, 'a host name like smtp.example.org, without a scheme or port');
  }
  return bare;
}

function isIpv6(value: string): boolean {
  try {
    return new URL(`http://[${value}]/`).hostname !== '';
  } catch {
    return false;
  }
}

function securityFrom(settings: SmtpSettings, env: Env): SmtpSecurity {
  const value = fromEnv(env, SMTP_ENV.security)?.toLowerCase();
  if (value === undefined) return settings.security;
  if (!SECURITIES.includes(value)) throw invalid(SMTP_ENV.security, value, 'tls, starttls or none');
  return value as SmtpSecurity;
}

function portFrom(settings: SmtpSettings, env: Env, security: SmtpSecurity): number {
  const value = fromEnv(env, SMTP_ENV.port);
  if (value === undefined) return settings.port ?? DEFAULT_PORT[security];
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw invalid(SMTP_ENV.port, value, 'a port number from 1 to 65535');
  return port;
}

function loginFrom(settings: SmtpSettings, env: Env): { user?: string; password?: string } {
  const user = fromEnv(env, SMTP_ENV.user) ?? settings.user;
  // The password is taken as it is: spaces may be part of it.
  const rawPassword = env[settings.passwordEnv];
  const password = rawPassword === undefined || rawPassword === '' ? undefined : rawPassword;
  if (user !== undefined && password === undefined) {
    throw new UserError(
      SMTP_NOT_CONFIGURED,
      `no password for the SMTP user: set the environment variable ${settings.passwordEnv} (smtp.password_env in takedown.yaml names it)`,
    );
  }
  if (user === undefined && password !== undefined) {
    throw new UserError(
      SMTP_NOT_CONFIGURED,
      `${settings.passwordEnv} holds a password but no SMTP user is set: add smtp.user to takedown.yaml or set ${SMTP_ENV.user}`,
    );
  }
  return user === undefined ? {} : { user, password };
}

/** The settings that will be used, or a UserError naming what is missing or wrong. */
export function resolveSmtpConfig(settings: SmtpSettings, env: Env): SmtpConfig {
  const host = hostFrom(settings, env);
  const security = securityFrom(settings, env);
  const port = portFrom(settings, env, security);
  if (security === 'none' && !isLoopbackHost(host)) {
    const source = fromEnv(env, SMTP_ENV.security) === undefined ? 'smtp.security in takedown.yaml' : SMTP_ENV.security;
    throw new UserError(
      SMTP_INSECURE,
      `${source} is "none" but ${host} is not this machine: the login and the notices would cross the network in clear text. ` +
        'Use starttls (usually port 587) or tls (usually port 465); "none" is only for a mail sink on 127.0.0.1, ::1 or localhost',
    );
  }
  return { host, port, security, ...loginFrom(settings, env), passwordEnv: settings.passwordEnv };
}
