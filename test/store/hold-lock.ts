// Child process for db.test.ts: takes the store's write lock, says so, holds it, then commits.
import { openStore, upsertCase } from '../../src/store/index.ts';

const [path, holdMs] = process.argv.slice(2);
if (path === undefined || holdMs === undefined) throw new Error('usage: hold-lock.ts DB HOLD_MS');
const store = openStore(path);
store.db.exec('BEGIN IMMEDIATE');
upsertCase(store, { id: 'child', file: '/child.yaml', minor: false });
process.stdout.write('locked\n');
setTimeout(() => {
  store.db.exec('COMMIT');
  store.close();
}, Number(holdMs));
