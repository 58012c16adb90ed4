// A progress bar on stderr, drawn only when stderr is a terminal.
import { SingleBar } from 'cli-progress';
import type { CheckState } from '../core/states.ts';
import type { Output } from './output.ts';

export interface Progress {
  tick(state: CheckState): void;
  stop(): void;
}

export function startProgress(out: Output, total: number): Progress {
  const bar = new SingleBar({
    stream: out.io.stderr as NodeJS.WritableStream,
    format: 'checking {bar} {value}/{total} · live {live} · gone {gone} · unknown {unknown}',
    hideCursor: true,
    clearOnComplete: true,
  });
  const counts = { live: 0, gone: 0, unknown: 0 };
  bar.start(total, 0, counts);
  return {
    tick(state) {
      if (state === 'live') counts.live++;
      else if (state === 'blocked' || state === 'unreachable') counts.unknown++;
      else counts.gone++;
      bar.increment(1, counts);
    },
    stop: () => bar.stop(),
  };
}
