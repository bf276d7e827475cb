/**
 * Local sources: one file, or every file with a given extension in a directory, sorted.
 * The other files of the directory come back as `skipped`, so the caller can say so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IngestError } from '../shared/errors.ts';

export function listSourceFiles(target: string, extension: string): { files: string[]; skipped: string[] } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new IngestError('no such file or directory', target);
  }
  if (!stat.isDirectory()) return { files: [target], skipped: [] };
  const names = fs.readdirSync(target).sort();
  const at = (names: string[]) => names.map((f) => path.join(target, f));
  return {
    files: at(names.filter((f) => f.endsWith(extension))),
    skipped: at(names.filter((f) => !f.endsWith(extension))),
  };
}
