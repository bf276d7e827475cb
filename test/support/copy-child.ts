/**
 * An interrupted `paperboy copy`, for test/db/copy.test.ts: runs the copy and SIGKILLs its
 * own process right after the N-th batch commits, as a crash or `kill -9` would.
 * Usage: copy-child.ts <sqlite path> <postgres url> <batch size> <N>
 */
import { copyInstance } from '../../src/db/copy.ts';

const [sqlitePath, databaseUrl, batchSize, killAfter] = process.argv.slice(2);
let batches = 0;
await copyInstance({
  sqlitePath: sqlitePath!,
  databaseUrl: databaseUrl!,
  batchSize: Number(batchSize),
  onProgress: (stage) => {
    if (stage === 'copy' && ++batches >= Number(killAfter)) process.kill(process.pid, 'SIGKILL');
  },
});
console.log('finished without being killed');
