/** Shapes shared by the search modules (no behaviour). */

/** A ranked candidate from one retriever, before fusion: paper id and the retriever's score. */
export interface Candidate {
  id: number;
  /** Retriever-specific: higher is better. */
  score: number;
}
