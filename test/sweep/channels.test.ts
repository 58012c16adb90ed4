// Notification channels: the ids a receiver drops repeats by (Message-ID, Idempotency-Key) are
// the same for every retry of a batch and differ between workspaces whose batch numbers agree.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse-message.ts';
import { emailChannel, webhookChannel } from '../../src/sweep/channels.ts';
import type { ChangeRow } from '../../src/store/index.ts';
import { fakeClock } from './harness.ts';

const CHANGE: ChangeRow = {
  id: 'live:1:1',
  runId: 1,
  at: '2026-11-21T00:00:00.000Z',
  kind: 'live',
  caseId: 'c-1',
  targetId: 1,
  requestId: null,
  attention: true,
  data: { url: 'https://vids.example/v/1', state: 'live', reason: 'ok' },
  needsDraft: false,
  draftedAt: null,
};

async function messageIds(workspace: string, batch: string): Promise<string[]> {
  const sent: Buffer[] = [];
  const channel = emailChannel({
    transport: { send: async (_envelope, raw) => sent.push(raw) },
    from: { address: 'takedowns@helpline.example' },
    to: ['lawyer@firm.example'],
    clock: fakeClock(Date.parse('2026-11-21T00:00:00Z')),
  });
  await channel.deliver(batch, [CHANGE], workspace);
  await channel.deliver(batch, [CHANGE], workspace);
  return sent.map((raw) => parseMessage(raw).headers['message-id']?.[0] ?? '');
}

async function idempotencyKeys(workspace: string, batch: string): Promise<{ key: string; bodyBatch: string }[]> {
  const calls: { key: string; bodyBatch: string }[] = [];
  const channel = webhookChannel({
    url: 'https://hooks.example/takedown',
    userAgent: 'takedown/test',
    post: async (_url, body, headers) => {
      calls.push({ key: headers['idempotency-key'] ?? '', bodyBatch: (JSON.parse(body) as { batch: string }).batch });
      return { status: 200, text: 'ok' };
    },
  });
  await channel.deliver(batch, [CHANGE], workspace);
  await channel.deliver(batch, [CHANGE], workspace);
  return calls;
}

describe('notification ids', () => {
  it('email: one Message-ID per batch and workspace, repeated on a retry', async () => {
    const a = await messageIds('0123456789abcdef', 'email:1');
    const b = await messageIds('fedcba9876543210', 'email:1');
    expect(a[0]).toBe('<takedown-sweep.0123456789abcdef-email-1@helpline.example>');
    expect(a[1]).toBe(a[0]);
    expect(b[0]).toBe('<takedown-sweep.fedcba9876543210-email-1@helpline.example>');
  });

  it('webhook: one Idempotency-Key per batch and workspace, repeated on a retry and sent as the body batch', async () => {
    const a = await idempotencyKeys('0123456789abcdef', 'webhook:2');
    const b = await idempotencyKeys('fedcba9876543210', 'webhook:2');
    expect(a.map((c) => c.key)).toEqual(['0123456789abcdef:webhook:2', '0123456789abcdef:webhook:2']);
    expect(a[0]?.bodyBatch).toBe('0123456789abcdef:webhook:2');
    expect(b[0]?.key).toBe('fedcba9876543210:webhook:2');
  });
});
