/** The page cache's data versions (migration 0008_cache): one counter per data domain, kept by triggers. */
export interface DataVersionsTable {
  domain: string;
  version: number;
}

export interface CacheTables {
  data_versions: DataVersionsTable;
}
