/** arXiv announcements (migration 0011_listing): the "New on arXiv" listing reads them by day. */
export interface PaperAnnouncementsTable {
  paper_id: number;
  version: number;
  /** Listing day, `YYYY-MM-DD` (papers/announcements.ts). */
  day: string;
  /** new | cross | replace */
  type: string;
}

export interface ListingTables {
  paper_announcements: PaperAnnouncementsTable;
}
