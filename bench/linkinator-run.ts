// Runs linkinator over the bench's index page (recurse off, so each listed link is checked once) and prints one line per link.
import { LinkChecker } from 'linkinator';

const [indexUrl, concurrencyArg, timeoutArg, mode] = process.argv.slice(2);
if (!indexUrl || !concurrencyArg || !timeoutArg || (mode !== 'gated' && mode !== 'shipped')) {
  process.stderr.write('usage: node bench/linkinator-run.ts INDEX_URL CONCURRENCY TIMEOUT_MS gated|shipped\n');
  process.exit(2);
}
const concurrency = Number(concurrencyArg);

// linkinator 7.6.1 starts the check of every link found on a page at once (an async IIFE runs before its queue sees it),
// so its `concurrency` option does not bound these checks. In `gated` mode the harness enforces it: linksToSkip is
// awaited right before each request, so it waits there for a slot, and the slot is freed when the link's result is emitted.
let active = 0;
const waiting: (() => void)[] = [];
const holding = new Set<string>();

function acquire(): Promise<void> {
  if (active < concurrency) {
    active++;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else active--;
}

const checker = new LinkChecker();
let pending = '';
function flush(): void {
  if (pending) process.stdout.write(pending);
  pending = '';
}
// Lines are batched (flushed every 0.2 s) so that writing 50,000 of them costs little next to the checking.
setInterval(flush, 200).unref();
checker.on('link', (link) => {
  if (holding.delete(link.url)) release();
  pending += `${link.state}\t${link.status ?? 0}\t${link.url}\n`;
  if (pending.length > 64_000) flush();
});

const linksToSkip =
  mode === 'gated'
    ? async (url: string): Promise<boolean> => {
        await acquire();
        holding.add(url);
        return false;
      }
    : undefined;

await checker.check({ path: indexUrl, recurse: false, concurrency, timeout: Number(timeoutArg), linksToSkip });
flush();
