/**
 * Hugging Face-compatible JSON shapes of papers (the shapes of huggingface.co/api/papers/…),
 * so `huggingface_hub` clients and scripts written for HF work against this server.
 */

/** The fields of a paper every HF shape is built from. */
export interface HfPaperSource {
  arxivId: string;
  title: string;
  authorsText: string;
  abstract: string;
  aiSummary: string | null;
  publishedAt: string;
  upvotes: number;
  commentCount: number;
  githubRepo: string | null;
  projectPage: string | null;
  thumbnail: string | null;
  featuredDate: string | null;
}

/** HF's `paper` object. */
export function presentHfPaper(p: HfPaperSource) {
  return {
    id: p.arxivId,
    authors: p.authorsText
      .split(', ')
      .filter(Boolean)
      .map((name) => ({ name, hidden: false })),
    publishedAt: p.publishedAt,
    ...(p.featuredDate ? { submittedOnDailyAt: `${p.featuredDate}T00:00:00.000Z` } : {}),
    title: p.title,
    summary: p.abstract,
    upvotes: p.upvotes,
    ...(p.aiSummary ? { ai_summary: p.aiSummary } : {}),
    ...(p.githubRepo ? { githubRepo: p.githubRepo } : {}),
    ...(p.projectPage ? { projectPage: p.projectPage } : {}),
  };
}

/** An item of HF's `/api/papers/search` list: the paper plus list-level fields. */
export function presentHfPaperItem(p: HfPaperSource) {
  return {
    paper: presentHfPaper(p),
    publishedAt: p.publishedAt,
    title: p.title,
    summary: p.abstract,
    ...(p.thumbnail ? { thumbnail: p.thumbnail } : {}),
    numComments: p.commentCount,
    isAuthorParticipating: false,
  };
}
