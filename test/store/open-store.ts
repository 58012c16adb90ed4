// Child process for db.test.ts: opens (and so migrates) a store, writes one case, exits.
import { openStore, upsertCase } from '../../src/store/index.ts';

const [path, id] = process.argv.slice(2);
if (path === undefined || id === undefined) throw new Error('usage: open-store.ts DB CASE_ID');
const store = openStore(path);
upsertCase(store, { id, file: `/${id}.yaml`, minor: false });
store.close();
