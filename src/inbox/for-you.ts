/**
 * For You: a member's ranked list of recent papers from their own model, with reasons.
 * The window's vectors are built once per window and shared; a member's model is trained
 * when their signals differ from those it was trained on (so it follows every action),
 * stored (the member can download or delete it) and kept in memory.
 */
import { createHash } from 'node:crypto';
import type { SessionUser } from '../community/types.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { type Follow, listFollows } from './follows.repo.ts';
import { marksAmong } from './marks.repo.ts';
import { paperTexts, windowRows, windowStamp } from './recommend/corpus.repo.ts';
import { buildCorpus, type Corpus, rowVector, vectorize } from './recommend/corpus.ts';
import { heaviest, type SparseVec } from './recommend/features.ts';
import { type LinearModel, modelFromJson, modelToJson } from './recommend/model.ts';
import {
  DEFAULT_RANK,
  hasPositives,
  type Positive,
  type Ranked,
  type RankSettings,
  rankColdStart,
  rankWindow,
  reasonsFor,
  trainMember,
} from './recommend/rank.ts';
import {
  deleteStoredModel,
  loadStoredModel,
  memberSignals,
  type Signal,
  storeModel,
} from './signals.repo.ts';

export interface RecommenderSettings extends RankSettings {
  /** Days of papers up to the newest one; 0: every paper. */
  windowDays: number;
}

export function recommenderSettings(
  config: Pick<Config, 'INBOX_WINDOW_DAYS' | 'INBOX_SEED'>,
): RecommenderSettings {
  return { ...DEFAULT_RANK, windowDays: config.INBOX_WINDOW_DAYS, seed: config.INBOX_SEED };
}

/** Per-process state: the window's corpus and recently used models. */
export interface Recommender {
  settings: RecommenderSettings;
  corpus: { key: string; value: Corpus; from: string | null; to: string; builtAt: number } | null;
  /** Each member's model and the positives its reasons compare with, for one set of signals. */
  models: Map<number, MemberState>;
}

interface MemberState {
  key: string;
  model: LinearModel;
  positives: Positive[];
}

export function createRecommender(settings: RecommenderSettings): Recommender {
  return { settings, corpus: null, models: new Map() };
}

export interface ForYouDeps {
  db: Db;
  clock: Clock;
  recommender: Recommender;
}

/** One paper of a personal list; the list engine loads its card. */
export interface PersonalItem {
  paperId: number;
  reasons: string[];
  read: boolean;
}

export interface PersonalList {
  items: PersonalItem[];
  /** The window: first-version dates from (null: the beginning) to. */
  from: string | null;
  to: string | null;
  coldStart: boolean;
}

const MODELS_IN_MEMORY = 500;
const CORPUS_REBUILD_MS = 5 * 60_000;

async function windowCorpus(deps: ForYouDeps): Promise<Recommender['corpus']> {
  const stamp = await windowStamp(deps.db, deps.clock.now());
  if (!stamp) return null;
  const days = deps.recommender.settings.windowDays;
  const from = days > 0 ? new Date(Date.parse(stamp.end) - days * 86_400_000).toISOString() : null;
  const key = `${from}|${stamp.end}|${stamp.maxId}`;
  const current = deps.recommender.corpus;
  const now = deps.clock.now().getTime();
  // New papers trickle in all day: the window's vectors are rebuilt at most every few minutes.
  if (!current || (current.key !== key && now - current.builtAt >= CORPUS_REBUILD_MS)) {
    deps.recommender.corpus = {
      key,
      value: buildCorpus(await windowRows(deps.db, from)),
      from,
      to: stamp.end,
      builtAt: now,
    };
  }
  return deps.recommender.corpus;
}

function signalsKey(signals: Signal[], corpusKey: string, seed: number): string {
  const h = createHash('sha256').update(`${corpusKey}|${seed}|`);
  for (const s of [...signals].map((s) => `${s.kind}:${s.paperId}`).sort()) h.update(`${s},`);
  return h.digest('hex').slice(0, 32);
}

/** Vectors of the member's signalled papers: from the window, or vectorised with its idf. */
async function signalVectors(db: Db, corpus: Corpus, signals: Signal[]) {
  const vectors = new Map<number, SparseVec>();
  const titles = new Map<number, string>();
  const outside: number[] = [];
  for (const s of signals) {
    const row = corpus.rowOf.get(s.paperId);
    if (row === undefined) outside.push(s.paperId);
    else {
      vectors.set(s.paperId, rowVector(corpus, row));
      titles.set(s.paperId, corpus.rows[row]?.title ?? '');
    }
  }
  for (const [id, p] of await paperTexts(db, [...new Set(outside)])) {
    vectors.set(id, vectorize(corpus, p));
    titles.set(id, p.title);
  }
  return { vectors, titles };
}

/**
 * The member's model and positives for their current signals: from memory while neither the
 * signals nor the window changed (most requests), else loaded or retrained and kept.
 */
async function memberState(
  deps: ForYouDeps,
  user: { id: number },
  corpus: NonNullable<Recommender['corpus']>,
  signals: Signal[],
): Promise<MemberState> {
  const r = deps.recommender;
  const key = signalsKey(signals, corpus.key, r.settings.seed);
  const cached = r.models.get(user.id);
  if (cached?.key === key) return cached;
  const { vectors, titles } = await signalVectors(deps.db, corpus.value, signals);
  const stored = await loadStoredModel(deps.db, user.id);
  let model: LinearModel;
  const previous = cached?.model ?? (stored ? modelFromJson(JSON.parse(stored.model)) : undefined);
  if (stored?.signalsKey === key && previous) model = previous;
  else {
    // Retrained from the member's signals, starting from their previous model.
    model = trainMember(signals, corpus.value, user.id, (id) => vectors.get(id), r.settings, previous);
    await storeModel(deps.db, user.id, {
      signalsKey: key,
      trainedAt: deps.clock.now().toISOString(),
      model: JSON.stringify(modelToJson(model)),
    });
  }
  const positives = signals.flatMap((s) => {
    const x = vectors.get(s.paperId);
    if (!x || s.kind === 'hidden' || s.kind === 'never') return [];
    // The heaviest terms suffice to tell which positive a paper is most like.
    return [{ paperId: s.paperId, title: titles.get(s.paperId) ?? '', kind: s.kind, x: heaviest(x, 24) }];
  });
  const state = { key, model, positives };
  r.models.delete(user.id);
  r.models.set(user.id, state);
  if (r.models.size > MODELS_IN_MEMORY) r.models.delete(r.models.keys().next().value as number);
  return state;
}

export async function forYou(
  deps: ForYouDeps,
  user: SessionUser,
  opts: { limit: number; hideRead?: boolean },
): Promise<PersonalList> {
  const corpus = await windowCorpus(deps);
  if (!corpus) return { items: [], from: null, to: null, coldStart: true };
  const [signals, follows] = await Promise.all([
    memberSignals(deps.db, user.id),
    listFollows(deps.db, user.id),
  ]);
  const { authors, categories } = followIndex(follows);
  // Papers the member acted on are not recommended again (saved, upvoted, hidden, never).
  const exclude = new Set(signals.filter((s) => s.kind !== 'author_follow').map((s) => s.paperId));
  const coldStart = !hasPositives(signals);
  let ranked: Ranked[];
  let positives: Positive[] = [];
  const want = opts.hideRead ? opts.limit * 3 : opts.limit;
  if (coldStart) ranked = rankColdStart(corpus.value, categories, exclude, want);
  else {
    const member = await memberState(deps, user, corpus, signals);
    ranked = rankWindow(corpus.value, member.model, exclude, want, deps.recommender.settings);
    positives = member.positives;
  }
  const ids = ranked.map((r) => corpus.value.ids[r.row] as number);
  const marks = await marksAmong(deps.db, user.id, ids);
  const items: PersonalItem[] = [];
  ranked.forEach((r, i) => {
    const id = ids[i] as number;
    const read = marks.get(id)?.read ?? false;
    if ((read && opts.hideRead) || items.length >= opts.limit) return;
    items.push({
      paperId: id,
      read,
      reasons: reasonsFor(corpus.value, r.row, { positives, authors, categories, coldStart }),
    });
  });
  return { items, from: corpus.from, to: corpus.to, coldStart };
}

/** Followed authors (normalised name → as shown) and categories. */
export function followIndex(follows: Follow[]): { authors: Map<string, string>; categories: Set<string> } {
  return {
    authors: new Map(follows.filter((f) => f.kind === 'author').map((f) => [f.target, f.label])),
    categories: new Set(follows.filter((f) => f.kind === 'category').map((f) => f.target)),
  };
}

/** The member's stored model as JSON (for download), or null when none was trained. */
export async function exportModel(deps: ForYouDeps, user: SessionUser): Promise<object | null> {
  const m = await loadStoredModel(deps.db, user.id);
  return m ? { trainedAt: m.trainedAt, signalsKey: m.signalsKey, ...JSON.parse(m.model) } : null;
}

/** Deletes the member's model (it is retrained from their signals when next needed). */
export async function forgetModel(deps: ForYouDeps, user: SessionUser): Promise<void> {
  deps.recommender.models.delete(user.id);
  await deleteStoredModel(deps.db, user.id);
}
