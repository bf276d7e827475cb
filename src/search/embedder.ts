/**
 * Embedders turn text into unit-length vectors for semantic search. Three kinds:
 *
 * - `transformers`: a local ONNX model run by transformers.js (onnxruntime-node, CPU).
 *   The model is looked up in EMBEDDER_MODEL_DIR/<model id>/ first; when it is not there
 *   and EMBEDDER_ALLOW_DOWNLOAD is on, it is fetched once from the Hugging Face Hub into
 *   PAPERBOY_DATA_DIR/models. Default model: Xenova/bge-small-en-v1.5 (384 dimensions).
 * - `openai`: any OpenAI-compatible `POST /v1/embeddings` endpoint (OpenAI, vLLM, TEI,
 *   Ollama, llama.cpp server…).
 * - `off`: no semantic search.
 *
 * Loading is lazy: nothing is read or downloaded until the first text is embedded.
 */

export type EmbedKind = 'query' | 'document';

export interface Embedder {
  /** Stable name of the model: stored with each vector so a model change is detected. */
  readonly model: string;
  /** Unit-length vectors, one per text. */
  embed(texts: string[], kind: EmbedKind): Promise<Float32Array[]>;
}

export interface EmbedderConfig {
  EMBEDDER: 'transformers' | 'openai' | 'off';
  EMBEDDER_MODEL: string;
  EMBEDDER_MODEL_DIR?: string;
  EMBEDDER_ALLOW_DOWNLOAD: boolean;
  EMBEDDER_POOLING: 'cls' | 'mean';
  EMBEDDER_QUERY_PREFIX: string;
  EMBEDDER_URL?: string;
  EMBEDDER_API_KEY?: string;
  EMBEDDER_TIMEOUT_MS: number;
  PAPERBOY_DATA_DIR: string;
}

export function createEmbedder(c: EmbedderConfig): Embedder | null {
  if (c.EMBEDDER === 'off') return null;
  if (c.EMBEDDER === 'openai') {
    if (!c.EMBEDDER_URL) throw new Error('EMBEDDER=openai needs EMBEDDER_URL');
    return new OpenAiEmbedder(c.EMBEDDER_URL, c.EMBEDDER_MODEL, c.EMBEDDER_API_KEY, c.EMBEDDER_QUERY_PREFIX);
  }
  return new TransformersEmbedder({
    model: c.EMBEDDER_MODEL,
    modelDir: c.EMBEDDER_MODEL_DIR,
    allowDownload: c.EMBEDDER_ALLOW_DOWNLOAD,
    cacheDir: `${c.PAPERBOY_DATA_DIR}/models`,
    pooling: c.EMBEDDER_POOLING,
    queryPrefix: c.EMBEDDER_QUERY_PREFIX,
  });
}

/** Scales a vector to unit length (cosine similarity becomes a dot product). */
export function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/** The text of a paper that is embedded: title and abstract, as BGE-style models expect. */
export function documentText(p: { title: string; abstract: string }): string {
  return `${p.title}. ${p.abstract}`.slice(0, 4000);
}

// --------------------------------------------------------------- transformers.js

export interface TransformersOptions {
  model: string;
  modelDir?: string;
  allowDownload: boolean;
  cacheDir: string;
  pooling: 'cls' | 'mean';
  queryPrefix: string;
  /** Texts per forward pass. */
  batchSize?: number;
}

type Extractor = (
  texts: string[],
  opts: { pooling: 'cls' | 'mean'; normalize: boolean },
) => Promise<{ data: Float32Array; dims: number[] }>;

export class TransformersEmbedder implements Embedder {
  readonly model: string;
  private extractor: Promise<Extractor> | null = null;

  constructor(private readonly opts: TransformersOptions) {
    this.model = opts.model;
  }

  private failedAt = 0;

  private load(): Promise<Extractor> {
    // After a failed load (offline, missing files) wait a minute before trying again, so
    // every search does not pay for another attempt.
    if (!this.extractor && Date.now() - this.failedAt < 60_000)
      return Promise.reject(new Error(`embedding model ${this.model} is unavailable`));
    if (!this.extractor) {
      this.extractor = (async () => {
        const t = await import('@huggingface/transformers');
        t.env.allowLocalModels = true;
        if (this.opts.modelDir) t.env.localModelPath = this.opts.modelDir;
        t.env.allowRemoteModels = this.opts.allowDownload;
        t.env.cacheDir = this.opts.cacheDir;
        const pipe = await t.pipeline('feature-extraction', this.opts.model, { dtype: 'fp32' });
        return pipe as unknown as Extractor;
      })();
      this.extractor.catch(() => {
        this.extractor = null;
        this.failedAt = Date.now();
      });
    }
    return this.extractor;
  }

  async embed(texts: string[], kind: EmbedKind): Promise<Float32Array[]> {
    const extract = await this.load();
    const input = kind === 'query' ? texts.map((t) => this.opts.queryPrefix + t) : texts;
    const out: Float32Array[] = [];
    const batch = this.opts.batchSize ?? 16;
    for (let i = 0; i < input.length; i += batch) {
      const t = await extract(input.slice(i, i + batch), { pooling: this.opts.pooling, normalize: true });
      const dim = t.dims[t.dims.length - 1]!;
      for (let r = 0; r < t.dims[0]!; r++)
        out.push(Float32Array.from(t.data.subarray(r * dim, (r + 1) * dim)));
    }
    return out;
  }
}

// ----------------------------------------------------------- OpenAI-compatible HTTP

export class OpenAiEmbedder implements Embedder {
  constructor(
    private readonly url: string,
    readonly model: string,
    private readonly apiKey: string | undefined,
    private readonly queryPrefix: string,
  ) {}

  async embed(texts: string[], kind: EmbedKind): Promise<Float32Array[]> {
    const input = kind === 'query' ? texts.map((t) => this.queryPrefix + t) : texts;
    const endpoint = `${this.url.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/embeddings`;
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: this.model, input }),
    });
    if (!res.ok) throw new Error(`embedding endpoint answered HTTP ${res.status}`);
    const body = (await res.json()) as { data?: { index: number; embedding: number[] }[] };
    if (!Array.isArray(body.data) || body.data.length !== texts.length)
      throw new Error('embedding endpoint returned an unexpected body');
    return [...body.data]
      .sort((a, b) => a.index - b.index)
      .map((d) => normalize(Float32Array.from(d.embedding)));
  }
}

/** Rejects when `p` takes longer than `ms`: a slow embedder must not hold a search up. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
