/**
 * The database as Kysely sees it: the union of every capability's tables.
 * A capability that adds tables declares them in db/tables/<capability>.ts and adds
 * its interface here.
 */
import type { CacheTables } from './tables/cache.ts';
import type { CommunityTables } from './tables/community.ts';
import type { CoreTables } from './tables/core.ts';
import type { DigestTables } from './tables/digest.ts';
import type { InboxTables } from './tables/inbox.ts';
import type { IngestTables } from './tables/ingest.ts';
import type { InterfacesTables } from './tables/interfaces.ts';
import type { ListingTables } from './tables/listing.ts';
import type { SummariesTables } from './tables/summaries.ts';

export interface Database
  extends CoreTables,
    CommunityTables,
    DigestTables,
    IngestTables,
    InterfacesTables,
    InboxTables,
    ListingTables,
    CacheTables,
    SummariesTables {}

export type DialectName = 'sqlite' | 'postgres';
