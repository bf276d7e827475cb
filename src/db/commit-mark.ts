/**
 * A SQLite database's commit mark: a value that changes whenever a transaction commits on
 * the database, through any connection of any process. It lets the data versions
 * (feed/version.repo.ts) be read only after something committed, instead of once per
 * page: a read transaction takes file locks (several system calls), the mark is one read.
 *
 * In WAL mode every connection shares the WAL index (the `-shm` file next to the
 * database), whose header (the first 48 bytes; documented at sqlite.org/walformat.html)
 * the committing connection rewrites before its commit returns: it carries a change
 * counter, the last frame of the log and their checksums. Reading it with an ordinary
 * read sees what the connections' memory maps see. A read torn by a commit in progress
 * differs from both the old and the new header, so it only costs one more look.
 */
import fs from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';

const HEADER_BYTES = 48;

export interface CommitMark {
  /** The mark now (valid until the next call), or null when it cannot be read. */
  read(): Buffer | null;
  close(): void;
}

const marks = new WeakMap<SQLite.Database, CommitMark>();

/** The commit mark of a connection's database; none for in-memory databases. */
export function commitMarkOf(sqlite: SQLite.Database): CommitMark | undefined {
  return marks.get(sqlite);
}

/** Starts reading the commit mark of a file database opened in WAL mode by `sqlite`. */
export function watchCommits(sqlite: SQLite.Database): CommitMark | undefined {
  if (sqlite.memory) return undefined;
  const header = Buffer.alloc(HEADER_BYTES);
  // Resolved now: a relative path means the directory the database was opened from.
  const file = `${path.resolve(sqlite.name)}-shm`;
  let fd: number | null = null;
  const mark: CommitMark = {
    read() {
      try {
        fd ??= fs.openSync(file, 'r');
        return fs.readSync(fd, header, 0, HEADER_BYTES, 0) === HEADER_BYTES ? header : null;
      } catch {
        return null;
      }
    },
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
  marks.set(sqlite, mark);
  return mark;
}
