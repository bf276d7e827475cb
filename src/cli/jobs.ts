import type { Command } from 'commander';
import type { OpenContext } from './context.ts';

/** `paperboy jobs`: every recurring job with its schedule, next run and latest runs, and recent failures. */
export function registerJobsCommand(program: Command, open: OpenContext) {
  program
    .command('jobs')
    .description('list the recurring jobs: schedule, next run, latest runs and failures')
    .action(async () => {
      const ctx = await open();
      const { failedJobs, jobCounts, latestTicks } = await import('../jobs/queue.ts');
      const { nextRun, recurringJobs } = await import('../jobs/schedule.ts');
      try {
        const { config, db, clock } = ctx;
        const now = clock.now();
        const tz = config.PAPERBOY_TIMEZONE;
        const when = (iso: string | null | undefined) =>
          iso ? new Date(iso).toLocaleString('sv-SE', { timeZone: tz }).slice(0, 16) : '—';
        console.log(`recurring jobs (times in ${tz}):`);
        for (const job of recurringJobs(config)) {
          const next = nextRun(job, tz, now);
          const runs = await latestTicks(db, job.name, 3);
          const last = runs.map(
            (r) => `${when(r.updated_at)} ${r.status}${r.attempts > 1 ? ` (${r.attempts} attempts)` : ''}`,
          );
          console.log(
            `  ${job.name.padEnd(15)} ${job.enabled ? job.cron.padEnd(14) : 'off'.padEnd(14)} next ${when(next?.toISOString())}  last ${last.join(', ') || 'never'}`,
          );
          console.log(`  ${''.padEnd(15)} ${job.about}`);
          const error = runs.find((r) => r.last_error)?.last_error;
          if (error) console.log(`  ${''.padEnd(15)} latest error: ${error.slice(0, 200)}`);
        }
        const counts = await jobCounts(db);
        console.log(
          `queue: ${['queued', 'running', 'done', 'failed'].map((s) => `${counts[s] ?? 0} ${s}`).join(', ')}`,
        );
        const failed = await failedJobs(db, 10);
        if (failed.length) console.log('failed for good (latest):');
        for (const j of failed)
          console.log(
            `  #${j.id} ${j.kind} at ${when(j.updated_at)} after ${j.attempts} attempts: ${(j.last_error ?? '').slice(0, 200)}`,
          );
      } finally {
        await ctx.db.close();
      }
    });
}
