/** Shapes shared by the search modules (no behaviour). */

/** What a search result shows: a paper card plus the facts filters and priors need. */
export interface SearchCard {
  id: number;
  arxivId: string;
  title: string;
  authorsText: string;
  abstract: string;
  aiSummary: string | null;
  categories: string[];
  upvotes: number;
  commentCount: number;
  publishedAt: string;
  githubRepo: string | null;
  projectPage: string | null;
  thumbnail: string | null;
  /** Feed date when the paper is featured on the daily feed. */
  featuredDate: string | null;
}

/** A ranked candidate from one retriever, before fusion: paper id and the retriever's score. */
export interface Candidate {
  id: number;
  /** Retriever-specific: higher is better. */
  score: number;
}

/** One document of a BEIR-layout corpus (`corpus.jsonl`), as `paperboy eval` reads it. */
export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}
