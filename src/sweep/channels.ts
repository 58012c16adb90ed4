// Where notifications go: email through the workspace's SMTP settings, a webhook by JSON POST.
// Each channel delivers one batch or throws; the outbox decides what is delivered when.
import { createHmac } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { composeMessage } from '../mail/compose.ts';
import type { MailAddress } from '../mail/compose.ts';
import type { ChangeRow } from '../store/index.ts';
import { notificationSubject, notificationText, webhookBody } from './notify-message.ts';
import type { PostResult } from './webhook.ts';

export interface NotifyChannel {
  /** `email` or `webhook`: the outbox column. */
  name: string;
  /** For people: `email to a@b.example`. */
  label: string;
  /**
   * `batch`: the outbox batch (`email:17`), counted per database; `workspace`: the workspace's
   * random id (store workspaceId), so that two workspaces' first batches differ.
   */
  deliver(batch: string, changes: readonly ChangeRow[], workspace: string): Promise<void>;
}

/**
 * The id a batch is known by outside the workspace (`3f…9a:email:17`): the same for every retry
 * of the batch, different from any other workspace's batch of the same number.
 */
export function notificationKey(workspace: string, batch: string): string {
  return `${workspace}:${batch}`;
}

export interface EmailChannelOptions {
  transport: { send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<unknown> };
  from: MailAddress;
  to: readonly string[];
  clock: Clock;
}

export function emailChannel(options: EmailChannelOptions): NotifyChannel {
  const domain = options.from.address.split('@')[1] ?? 'takedown.invalid';
  return {
    name: 'email',
    label: `email to ${options.to.join(', ')}`,
    async deliver(batch, changes, workspace) {
      const key = notificationKey(workspace, batch);
      const raw = await composeMessage({
        from: options.from,
        to: options.to,
        subject: notificationSubject(changes),
        text: notificationText(changes, key),
        // The same batch always has the same Message-ID: a repeat after a cut-off delivery is
        // recognisable as one (and dropped by many mail systems). The workspace id keeps two
        // workspaces sending from one domain from repeating each other's ids.
        messageId: `<takedown-sweep.${key.replace(/[^A-Za-z0-9.-]/g, '-')}@${domain}>`,
        date: options.clock.now(),
        headers: { 'X-Takedown-Notification': key },
      });
      await options.transport.send({ from: options.from.address, to: [...options.to] }, raw);
    },
  };
}

export interface WebhookChannelOptions {
  url: string;
  /** Signs each body (HMAC-SHA256, hex) in X-Takedown-Signature when set. */
  secret?: string;
  post: (url: string, body: string, headers: Record<string, string>) => Promise<PostResult>;
  userAgent: string;
}

export function webhookChannel(options: WebhookChannelOptions): NotifyChannel {
  return {
    name: 'webhook',
    label: `webhook ${new URL(options.url).origin}`,
    async deliver(batch, changes, workspace) {
      const key = notificationKey(workspace, batch);
      const body = webhookBody(changes, key);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': options.userAgent,
        // The receiver can drop a repeat of a batch whose first delivery was cut off.
        'idempotency-key': key,
      };
      if (options.secret !== undefined) headers['x-takedown-signature'] = `sha256=${createHmac('sha256', options.secret).update(body).digest('hex')}`;
      const answer = await options.post(options.url, body, headers);
      if (answer.status < 200 || answer.status > 299) {
        throw new Error(`the webhook answered ${answer.status}${answer.text ? `: ${answer.text.slice(0, 200)}` : ''}`);
      }
    },
  };
}
