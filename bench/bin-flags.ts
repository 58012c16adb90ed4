// The Node flags and environment settings on bin/takedown.js's #! line: the benchmarks start
// takedown with them, as `npx takedown` and the sh shim do.
import { readFileSync } from 'node:fs';

function shebangWords(binPath: string): string[] {
  return (readFileSync(binPath, 'utf8').split('\n')[0] ?? '')
    .replace(/^#!\S*env\s+(-S\s+)?/, '')
    .split(/\s+/)
    .filter((word) => word !== '');
}

export function binNodeFlags(binPath: string): string[] {
  return shebangWords(binPath).filter((word) => word.startsWith('--'));
}

/** The NAME=VALUE settings `env` puts in the environment before starting node. */
export function binNodeEnv(binPath: string): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const word of shebangWords(binPath)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(word);
    if (match) settings[match[1] as string] = match[2] as string;
  }
  return settings;
}
