// The mail layer's public surface: build a notice email (compose), send it (SMTP transport) or file it
// (outbox folder), and a local sink that receives mail for tests and `takedown demo`.
export { composeMessage, newMessageId, isMailAddress, HEADER_INVALID } from './compose.ts';
export type { MailAddress, OutgoingMessage } from './compose.ts';
export type { MailEnvelope, MailTransport, SendResult } from './transport.ts';
export { smtpTransportFrom, createSmtpTransport, DEFAULT_SMTP_TIMEOUTS } from './smtp.ts';
export type { SmtpTimeouts, SmtpTransportOptions } from './smtp.ts';
export { resolveSmtpConfig, isLoopbackHost, SMTP_ENV, SMTP_NOT_CONFIGURED, SMTP_SETTING_INVALID, SMTP_INSECURE } from './smtp-config.ts';
export type { SmtpConfig, SmtpSecurity } from './smtp-config.ts';
export {
  SMTP_AUTH_FAILED,
  SMTP_AUTH_REQUIRED,
  SMTP_CONNECTION_REFUSED,
  SMTP_CONNECTION_LOST,
  SMTP_HOST_NOT_FOUND,
  SMTP_TLS_FAILED,
  SMTP_TIMEOUT,
  SMTP_SENDER_REJECTED,
  SMTP_RECIPIENT_REJECTED,
  SMTP_MESSAGE_REJECTED,
  SMTP_ADDRESS_INVALID,
  SMTP_PROTOCOL_ERROR,
} from './smtp-errors.ts';
export { writeOutboxMessage, readOutboxMessage, listOutbox, OUTBOX_NAME_INVALID } from './outbox.ts';
export { startMailSink } from './sink.ts';
export type { MailSink, MailSinkOptions, ReceivedMessage } from './sink.ts';
export { parseMessage } from './parse-message.ts';
export type { ParsedMessage } from './parse-message.ts';
