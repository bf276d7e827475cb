/** Shapes shared by the search modules (no behaviour). */

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
