/**
 * Every migration, in order. Names sort in execution order; a capability that needs
 * tables adds one file here.
 */

import { core } from './0001_core.ts';
import { ingest } from './0002_ingest.ts';
import { community } from './0003_community.ts';
import { search } from './0004_search.ts';
import { digest } from './0005_digest.ts';
import { interfaces } from './0006_interfaces.ts';
import { jobs } from './0007_jobs.ts';
import { cache } from './0008_cache.ts';
import { hardening } from './0009_hardening.ts';
import { hf } from './0010_hf.ts';
import { listing } from './0011_listing.ts';
import { inbox } from './0012_inbox.ts';
import { speed } from './0015_speed.ts';
import { ops } from './0017_ops.ts';
import { votes } from './0018_votes.ts';
import { summaries } from './0019_summaries.ts';
import { keyword } from './0021_keyword.ts';
import { searchTable } from './0022_search_table.ts';
import { searchWords } from './0023_search_words.ts';
import type { MigrationFactory } from './helpers.ts';

export type { MigrationFactory } from './helpers.ts';

export const migrations: Record<string, MigrationFactory> = {
  '0001_core': core,
  '0002_ingest': ingest,
  '0003_community': community,
  '0004_search': search,
  '0005_digest': digest,
  '0006_interfaces': interfaces,
  '0007_jobs': jobs,
  '0008_cache': cache,
  '0009_hardening': hardening,
  '0010_hf': hf,
  '0011_listing': listing,
  '0012_inbox': inbox,
  '0015_speed': speed,
  '0017_ops': ops,
  '0018_votes': votes,
  '0019_summaries': summaries,
  '0021_keyword': keyword,
  '0022_search_table': searchTable,
  '0023_search_words': searchWords,
};
