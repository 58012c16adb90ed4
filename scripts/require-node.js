// Refuses, in one line, to go on under a Node.js older than 24 (the project runs TypeScript
// sources directly through Node's type stripping). Used by bin/takedown.js and npm test.
export function nodeTooOld(version = process.versions.node) {
  const major = Number(version.split('.')[0]);
  return major < 24;
}

export function requireNode() {
  if (!nodeTooOld()) return;
  process.stderr.write(
    `takedown needs Node.js 24 or newer (this is ${process.version}); run it through npm ` +
      '(npx takedown, npm test), which uses the Node 24 installed by npm ci.\n',
  );
  process.exit(2);
}

if (import.meta.url === `file://${process.argv[1]}`) requireNode();
