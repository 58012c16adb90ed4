// Refuses, in one line, to go on under a Node.js older than 24 (the project runs TypeScript
// sources directly through Node's type stripping). Used by bin/takedown.js and npm test.
import { fileURLToPath } from 'node:url';

export function nodeTooOld(version = process.versions.node) {
  const major = Number(version.split('.')[0]);
  return major < 24;
}

export function requireNode() {
  if (!nodeTooOld()) return;
  const bin = fileURLToPath(new URL('../node_modules/.bin', import.meta.url));
  process.stderr.write(
    `takedown needs Node.js 24 or newer (this is ${process.version}): run it as npx takedown, or put ${bin} first on your PATH (npm ci installs Node 24 there).\n`,
  );
  process.exit(2);
}

if (import.meta.url === `file://${process.argv[1]}`) requireNode();
