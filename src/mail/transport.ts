// What every way of sending mail offers: send prepared bytes to an envelope, check the connection, close.

/** SMTP envelope: who the server is told the message is from and to (MAIL FROM, RCPT TO). */
export interface MailEnvelope {
  from: string;
  to: readonly string[];
}

export interface SendResult {
  /** Recipients the server took. */
  accepted: string[];
  /** Recipients the server refused while taking the message for others (all refused is an error). */
  rejected: string[];
  /** The server's last reply, e.g. `250 2.0.0 Ok: queued as 4F2B1`. */
  response: string;
}

export interface MailTransport {
  /** Which kind of transport, recorded with a sent request: `smtp`. */
  readonly name: string;
  /** Where mail goes, for people: `smtp.example.org:587 (STARTTLS) as alice`. Never holds a password. */
  readonly label: string;
  /** Sends `raw` exactly as given (the draft's bytes). Failures a user can fix are UserError. */
  send(envelope: MailEnvelope, raw: Buffer): Promise<SendResult>;
  /** Connects, upgrades to TLS and logs in without sending anything. */
  verify(): Promise<void>;
  close(): Promise<void>;
}
