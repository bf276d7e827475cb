/** Local sources: one file, or every file with a given extension in a directory, sorted. */
import fs from 'node:fs';
import path from 'node:path';
import { IngestError } from '../shared/errors.ts';

export function listSourceFiles(target: string, extension: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new IngestError('no such file or directory', target);
  }
  if (!stat.isDirectory()) return [target];
  return fs
    .readdirSync(target)
    .filter((f) => f.endsWith(extension))
    .sort()
    .map((f) => path.join(target, f));
}
