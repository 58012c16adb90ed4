#!/usr/bin/env node
import { requireNode } from '../scripts/require-node.js';
requireNode();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
