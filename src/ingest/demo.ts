/** The bundled demo dataset: real HF daily papers, loaded once into an empty database. */
import { fileURLToPath } from 'node:url';
import { demoWasLoaded, isDatabaseEmpty, markDemoLoaded } from '../papers/demo.repo.ts';
import { type HfImportResult, type IngestDeps, importHfDaily } from './ingest.ts';

export const DEMO_DIR = fileURLToPath(new URL('../../data/demo/daily_papers', import.meta.url));

/**
 * Loads the demo when the database has no papers and the demo was never loaded before
 * (after `paperboy demo remove` it stays removed). Returns null when it did nothing.
 */
export async function loadDemoIfEmpty(deps: IngestDeps, dir = DEMO_DIR): Promise<HfImportResult | null> {
  if (!(await isDatabaseEmpty(deps.db)) || (await demoWasLoaded(deps.db))) return null;
  const result = await importHfDaily(deps, dir, { isDemo: true });
  await markDemoLoaded(deps.db, deps.clock.now());
  return result;
}
