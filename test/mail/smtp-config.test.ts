// SMTP settings plus TAKEDOWN_SMTP_* overrides: what is used, and what is missing or refused, named exactly.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/workspace/settings-schema.ts';
import type { SmtpSettings } from '../../src/workspace/settings-schema.ts';
import { SMTP_INSECURE, SMTP_NOT_CONFIGURED, SMTP_SETTING_INVALID, isLoopbackHost, resolveSmtpConfig } from '../../src/mail/smtp-config.ts';

const DEFAULTS: SmtpSettings = DEFAULT_SETTINGS.smtp;

function settings(patch: Partial<SmtpSettings>): SmtpSettings {
  return { ...DEFAULTS, ...patch };
}

describe('resolveSmtpConfig', () => {
  it.each([
    ['host only: STARTTLS on 587, no login', settings({ host: 'smtp.example.org' }), {}, { host: 'smtp.example.org', port: 587, security: 'starttls' }],
    ['tls defaults to 465', settings({ host: 'smtp.example.org', security: 'tls' }), {}, { port: 465, security: 'tls' }],
    ['none on loopback defaults to 25', settings({ host: '127.0.0.1', security: 'none' }), {}, { port: 25, security: 'none' }],
    ['an explicit port wins', settings({ host: 'smtp.example.org', port: 2525 }), {}, { port: 2525 }],
    [
      'environment overrides the file',
      settings({ host: 'file.example', port: 25, security: 'starttls', user: 'file-user' }),
      { TAKEDOWN_SMTP_HOST: 'env.example', TAKEDOWN_SMTP_PORT: '465', TAKEDOWN_SMTP_SECURITY: 'TLS', TAKEDOWN_SMTP_USER: 'env-user', TAKEDOWN_SMTP_PASSWORD: 's3cret' },
      { host: 'env.example', port: 465, security: 'tls', user: 'env-user', password: 's3cret' },
    ],
    ['blank variables count as unset', settings({ host: 'file.example' }), { TAKEDOWN_SMTP_HOST: ' ', TAKEDOWN_SMTP_PORT: '' }, { host: 'file.example', port: 587 }],
    [
      'the password comes from the variable passwordEnv names, spaces kept',
      settings({ host: 'smtp.example.org', user: 'zoe', passwordEnv: 'MY_MAIL_PASS' }),
      { MY_MAIL_PASS: ' pass phrase ', TAKEDOWN_SMTP_PASSWORD: 'not this one' },
      { user: 'zoe', password: ' pass phrase ', passwordEnv: 'MY_MAIL_PASS' },
    ],
    ['an IPv6 literal in brackets', settings({ host: '[::1]', security: 'none' }), {}, { host: '::1' }],
  ])('%s', (_name, given, env, expected) => {
    expect(resolveSmtpConfig(given, env)).toMatchObject(expected);
  });

  it('leaves user and password out when there is no login', () => {
    const config = resolveSmtpConfig(settings({ host: 'smtp.example.org' }), {});
    expect(config).not.toHaveProperty('user');
    expect(config).not.toHaveProperty('password');
  });

  it.each([
    ['no host anywhere', settings({}), {}, SMTP_NOT_CONFIGURED, 'no mail server is set: add smtp.host to takedown.yaml or set TAKEDOWN_SMTP_HOST'],
    [
      'a user without a password',
      settings({ host: 'smtp.example.org', user: 'zoe' }),
      {},
      SMTP_NOT_CONFIGURED,
      'no password for the SMTP user: set the environment variable TAKEDOWN_SMTP_PASSWORD',
    ],
    [
      'a user without a password, custom variable',
      settings({ host: 'smtp.example.org', passwordEnv: 'MAIL_PW' }),
      { TAKEDOWN_SMTP_USER: 'zoe', TAKEDOWN_SMTP_PASSWORD: 'x' },
      SMTP_NOT_CONFIGURED,
      'set the environment variable MAIL_PW',
    ],
    [
      'a password without a user',
      settings({ host: 'smtp.example.org' }),
      { TAKEDOWN_SMTP_PASSWORD: 'hunter2-secret' },
      SMTP_NOT_CONFIGURED,
      'TAKEDOWN_SMTP_PASSWORD holds a password but no SMTP user is set: add smtp.user to takedown.yaml or set TAKEDOWN_SMTP_USER',
    ],
    ['a port that is not a number', settings({ host: 'h.example' }), { TAKEDOWN_SMTP_PORT: 'smtp' }, SMTP_SETTING_INVALID, 'TAKEDOWN_SMTP_PORT must be a port number from 1 to 65535 (got "smtp")'],
    ['a port out of range', settings({ host: 'h.example' }), { TAKEDOWN_SMTP_PORT: '70000' }, SMTP_SETTING_INVALID, '(got "70000")'],
    ['an unknown security', settings({ host: 'h.example' }), { TAKEDOWN_SMTP_SECURITY: 'ssl' }, SMTP_SETTING_INVALID, 'TAKEDOWN_SMTP_SECURITY must be tls, starttls or none (got "ssl")'],
    ['a URL for a host', settings({ host: 'smtp://smtp.example.org' }), {}, SMTP_SETTING_INVALID, 'smtp.host in takedown.yaml must be a host name like smtp.example.org'],
    ['host:port in the variable', settings({}), { TAKEDOWN_SMTP_HOST: 'smtp.example.org:587' }, SMTP_SETTING_INVALID, 'TAKEDOWN_SMTP_HOST must be a host name'],
    ['none to a remote host', settings({ host: 'smtp.example.org', security: 'none' }), {}, SMTP_INSECURE, 'smtp.security in takedown.yaml is "none" but smtp.example.org is not this machine: the login and the notices would cross the network in clear text'],
    ['none to a LAN address', settings({ host: '192.168.1.10', security: 'none' }), {}, SMTP_INSECURE, '192.168.1.10 is not this machine'],
    ['none from the environment', settings({ host: 'smtp.example.org' }), { TAKEDOWN_SMTP_SECURITY: 'none' }, SMTP_INSECURE, 'TAKEDOWN_SMTP_SECURITY is "none" but smtp.example.org is not this machine'],
  ])('refuses %s', (_name, given, env, code, words) => {
    let caught: unknown;
    try {
      resolveSmtpConfig(given, env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'UserError', code });
    expect((caught as Error).message).toContain(words);
    expect((caught as Error).message).not.toContain('hunter2-secret');
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['LOCALHOST.', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['128.0.0.1', false],
    ['127.0.0.1.example.org', false],
    ['localhost.example.org', false],
    ['10.0.0.1', false],
    ['smtp.example.org', false],
  ])('%s -> %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
