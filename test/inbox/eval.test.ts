import { describe, expect, it } from 'vitest';
import { authorCases, evaluate, hfSubmitterCases } from '../../src/inbox/recommend/eval.ts';
import type { EvalPaper } from '../../src/inbox/recommend/eval-data.ts';

const topics = [
  'speculative decoding draft model inference',
  'protein folding structure prediction',
  'robot grasping manipulation policy',
];

function paper(i: number, day: string, topic: number, extra: Partial<EvalPaper> = {}): EvalPaper {
  return {
    id: `2601.${String(i).padStart(5, '0')}`,
    title: `${topics[topic]} ${i}`,
    abstract: `We study ${topics[topic]} in setting ${i % 4}.`,
    day,
    upvotes: (i * 7) % 13,
    authors: [`Author ${i}`],
    submitter: null,
    ...extra,
  };
}

describe('eval recommend', () => {
  // A submitter who always features decoding papers, among two other topics each week.
  const papers: EvalPaper[] = [];
  let n = 0;
  for (const day of ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30', '2026-04-06']) {
    papers.push(paper(++n, day, 0, { submitter: 'ada', authors: ['Ada Lovelace'] }));
    for (let k = 0; k < 12; k++) papers.push(paper(++n, day, 1 + (k % 2)));
  }

  it('the HF protocol holds out each submitter’s last paper and ranks that week’s papers', () => {
    const cases = hfSubmitterCases(papers);
    expect(cases).toHaveLength(1);
    const c = cases[0];
    expect(c?.train).toHaveLength(5);
    expect(papers[c?.heldOut as number]?.day).toBe('2026-04-06');
    expect(c?.candidates).toHaveLength(13);
    const r = evaluate(papers, cases);
    expect(r.readers).toBe(1);
    // On-topic text finds the held-out paper first; popularity alone does not.
    expect(r.methods.for_you).toEqual({ hit_rate_at_10: 1, mrr_at_10: 1, ndcg_at_10: 1 });
    expect(r.methods.tfidf_cosine.mrr_at_10).toBe(1);
    expect(r.methods.most_upvoted.mrr_at_10).toBeLessThan(1);
  });

  it('the authors protocol trains only on earlier days and samples readers deterministically', () => {
    const cases = authorCases(papers, 10);
    expect(cases.map((c) => c.reader)).toEqual(['ada lovelace']);
    expect(cases[0]?.train.every((i) => (papers[i]?.day ?? '') < '2026-04-06')).toBe(true);
    expect(authorCases(papers, 0)).toEqual([]);
  });
});
