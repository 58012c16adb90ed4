// Refuses to run the tests under a Node.js older than 24, with the same one-line message as the CLI.
import { nodeTooOld } from '../scripts/require-node.js';

export function setup(): void {
  if (nodeTooOld()) {
    throw new Error(`the tests need Node.js 24 or newer (this is ${process.version}); run them with npm test`);
  }
}
