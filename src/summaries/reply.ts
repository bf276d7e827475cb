/**
 * Reading a chat-completions answer and validating the summary in it. Pure: no I/O.
 *
 * Defensive on purpose: servers that ignore JSON mode wrap the object in prose or a code
 * fence, some send keywords as one comma-separated string. What is kept is only a
 * `summary` (one or two sentences of plain text) and `keywords` (a handful of short
 * phrases); any other key the model adds is ignored, and markup is refused, so neither a
 * confused model nor instructions hidden in an abstract can store anything else.
 */

export interface Summary {
  summary: string;
  keywords: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Longest summary kept (characters), after trimming to two sentences. */
export const MAX_SUMMARY_CHARS = 400;
const MIN_SUMMARY_CHARS = 20;
/** Keywords kept at most; more are cut. */
export const MAX_KEYWORDS = 8;
const MAX_KEYWORD_CHARS = 60;
const MAX_KEYWORD_WORDS = 6;

/** HTML / XML tags, comments and entity-escaped tags: a summary is plain text. */
const MARKUP = /<\/?[a-z!][^>]*>|&lt;\/?[a-z]|javascript:/i;

/** The message text and token count of a chat-completions response body. */
export function readCompletion(body: unknown): Parsed<{ content: string; tokens: number | null }> {
  const b = body as {
    choices?: { message?: { content?: unknown } }[];
    usage?: { total_tokens?: unknown };
  } | null;
  const content = b?.choices?.[0]?.message?.content;
  if (typeof content !== 'string' || content.trim() === '')
    return { ok: false, reason: 'the reply has no message content' };
  const tokens = typeof b?.usage?.total_tokens === 'number' ? b.usage.total_tokens : null;
  return { ok: true, value: { content, tokens } };
}

/**
 * The JSON object in a model's message: bare, in a code fence, or inside prose; after the
 * `<think>…</think>` block reasoning models served by Ollama or llama.cpp put first.
 */
function jsonObject(message: string): Record<string, unknown> | null {
  const content = message.replace(/<think>[\s\S]*?<\/think>/g, '');
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  try {
    const v = JSON.parse(content.slice(start, end + 1)) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Sentence ends: `.`, `!` or `?` followed by space and a capital, digit or quote (not "e.g. the"). */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=["'“(A-Z0-9])/);
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Validates a model's message; the reason says what was wrong (kept in the paper's state). */
export function parseSummary(content: string): Parsed<Summary> {
  const obj = jsonObject(content);
  if (!obj) return { ok: false, reason: 'the reply is not a JSON object' };
  if (typeof obj.summary !== 'string') return { ok: false, reason: 'the reply has no "summary" string' };
  const text = oneLine(obj.summary);
  if (MARKUP.test(text)) return { ok: false, reason: 'the summary contains markup' };
  const summary = sentences(text).slice(0, 2).join(' ');
  if (summary.length < MIN_SUMMARY_CHARS) return { ok: false, reason: 'the summary is too short' };
  if (summary.length > MAX_SUMMARY_CHARS)
    return { ok: false, reason: `the summary is longer than ${MAX_SUMMARY_CHARS} characters` };

  const raw = typeof obj.keywords === 'string' ? obj.keywords.split(/[,;]/) : obj.keywords;
  if (!Array.isArray(raw)) return { ok: false, reason: 'the reply has no "keywords" list' };
  const seen = new Set<string>();
  const keywords: string[] = [];
  for (const k of raw) {
    if (typeof k !== 'string') continue;
    const word = oneLine(k).replace(/^[#*\-•\s]+|[.;,\s]+$/g, '');
    const key = word.toLowerCase();
    if (!word || seen.has(key) || MARKUP.test(word)) continue;
    if (word.length > MAX_KEYWORD_CHARS || word.split(' ').length > MAX_KEYWORD_WORDS) continue;
    seen.add(key);
    keywords.push(word);
  }
  if (keywords.length === 0) return { ok: false, reason: 'the reply has no usable keyword' };
  return { ok: true, value: { summary, keywords: keywords.slice(0, MAX_KEYWORDS) } };
}
