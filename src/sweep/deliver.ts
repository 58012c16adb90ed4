// Delivers the notification outbox, channel by channel, batch by batch. A batch is marked
// delivered only after its channel accepted it; one that failed keeps its id and rows and is
// tried again by the next sweep, before anything newer.
import type { Store } from '../store/index.ts';
import { markBatchDelivered, markBatchFailed, pendingBatches, workspaceId } from '../store/index.ts';
import type { NotifyChannel } from './channels.ts';

export interface DeliveryReport {
  channel: string;
  label: string;
  /** Changes delivered now. */
  delivered: number;
  /** Changes still waiting after a failure. */
  waiting: number;
  error?: string;
}

export async function deliverNotifications(store: Store, channels: readonly NotifyChannel[], maxPerBatch = 200): Promise<DeliveryReport[]> {
  const reports: DeliveryReport[] = [];
  if (channels.length === 0) return reports;
  const workspace = workspaceId(store);
  for (const channel of channels) {
    const report: DeliveryReport = { channel: channel.name, label: channel.label, delivered: 0, waiting: 0 };
    for (const batch of pendingBatches(store, channel.name, maxPerBatch)) {
      // After a failure the rest wait too: they go out in order, next time.
      if (report.error !== undefined) {
        report.waiting += batch.changes.length;
        continue;
      }
      try {
        await channel.deliver(batch.id, batch.changes, workspace);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        store.transaction(() => markBatchFailed(store, batch.id, message));
        report.error = message;
        report.waiting += batch.changes.length;
        continue;
      }
      store.transaction(() => markBatchDelivered(store, batch.id));
      report.delivered += batch.changes.length;
    }
    if (report.delivered > 0 || report.error !== undefined) reports.push(report);
  }
  return reports;
}
