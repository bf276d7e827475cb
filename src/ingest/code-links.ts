/**
 * Code and project links found in an abstract or comment. Pure, no I/O.
 *
 * - GitHub / GitLab repositories → `https://github.com/owner/repo` (deep links cut to the repo);
 * - Hugging Face models, datasets and Spaces → `https://huggingface.co/[datasets/|spaces/]owner/name`;
 * - project pages: `*.github.io` sites, and any URL introduced by "project page",
 *   "project website", "homepage" or "website".
 * URLs are read from plain text, so trailing sentence punctuation and TeX braces are trimmed.
 */

export interface CodeLinks {
  /** The first GitHub repository mentioned (the one cards show). */
  githubRepo: string | null;
  projectPage: string | null;
  /** Every repository / model / dataset / project URL found, in order, without duplicates. */
  codeLinks: string[];
}

const URL_RE = /https?:\/\/[^\s<>"'`{}|\\^]+/gi;
const PROJECT_CUE =
  /(project\s*(page|website|site|homepage)|home\s*page|website|webpage)\s*(is\s*)?(at|:)?\s*$/i;

export function extractCodeLinks(...texts: (string | null | undefined)[]): CodeLinks {
  const out: CodeLinks = { githubRepo: null, projectPage: null, codeLinks: [] };
  const seen = new Set<string>();
  const add = (u: string) => {
    if (!seen.has(u)) {
      seen.add(u);
      out.codeLinks.push(u);
    }
  };
  for (const raw of texts) {
    if (!raw) continue;
    const text = raw;
    for (const m of text.matchAll(URL_RE)) {
      const url = trimUrl(m[0]);
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        continue;
      }
      const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
      const parts = parsed.pathname.split('/').filter(Boolean);
      const before = text.slice(Math.max(0, (m.index ?? 0) - 40), m.index ?? 0);
      if (host === 'github.com' || host === 'gitlab.com') {
        if (parts.length < 2) continue;
        const repo = `https://${host}/${parts[0]}/${parts[1]!.replace(/\.git$/, '')}`;
        if (host === 'github.com' && !out.githubRepo) out.githubRepo = repo;
        add(repo);
      } else if (host === 'huggingface.co') {
        const kind = parts[0] === 'datasets' || parts[0] === 'spaces' ? `${parts.shift()}/` : '';
        if (parts.length < 2 || parts[0] === 'papers') continue;
        add(`https://huggingface.co/${kind}${parts[0]}/${parts[1]}`);
      } else if (host.endsWith('.github.io') || PROJECT_CUE.test(before)) {
        const page = url.replace(/\/+$/, '');
        if (!out.projectPage) out.projectPage = page;
        add(page);
      }
    }
  }
  return out;
}

/** Cuts sentence punctuation and unbalanced closing brackets off a URL found in prose. */
function trimUrl(u: string): string {
  let s = u.replace(/[.,;:!?*'"]+$/, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (s.endsWith(close) && count(s, open) < count(s, close)) s = s.slice(0, -1);
  }
  return s.replace(/[.,;:!?]+$/, '');
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}
