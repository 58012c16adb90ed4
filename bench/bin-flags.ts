// The Node flags on bin/takedown.js's #! line: the benchmarks start takedown with them, as
// `npx takedown` and the sh shim do.
import { readFileSync } from 'node:fs';

export function binNodeFlags(binPath: string): string[] {
  return (readFileSync(binPath, 'utf8').split('\n')[0] ?? '')
    .replace(/^#!\S*env\s+(-S\s+)?node\s*/, '')
    .split(/\s+/)
    .filter((flag) => flag.startsWith('--'));
}
