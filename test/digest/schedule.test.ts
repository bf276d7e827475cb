import { Cron } from 'croner';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queueScheduledEdition } from '../../src/digest/send-edition.ts';
import { enqueueTick, jobHandlers, recurringJobs } from '../../src/jobs/schedule.ts';
import { runDueJobs } from '../../src/jobs/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';
import { activeSubscriber, loadFixtures } from './helpers.ts';

forEachDialect('digest schedule', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    // Monday morning in New York: the last complete feed day is Sunday's, the latest with papers Friday's.
    t = await createTestApp(dialect, {
      env: { PAPERBOY_TIMEZONE: 'America/New_York' },
      now: '2026-08-24T11:00:00.000Z',
    });
    await loadFixtures(t.deps);
    await activeSubscriber(t.deps, 'daily@example.org', 'daily');
    await activeSubscriber(t.deps, 'weekly@example.org', 'weekly');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('mails the latest complete feed day and last week, once', async () => {
    const daily = await queueScheduledEdition(t.deps, 'daily');
    expect(daily).toMatchObject({ outcome: 'queued', queued: 1 });
    expect(daily.spec?.key).toBe('daily:2026-08-21');
    const weekly = await queueScheduledEdition(t.deps, 'weekly');
    expect(weekly).toMatchObject({ outcome: 'queued', queued: 1 });
    expect(weekly.spec?.key).toBe('weekly:2026-W34');
    // Tuesday: no newer feed day, so nothing new goes out.
    t.clock.advance(86_400_000);
    expect(await queueScheduledEdition(t.deps, 'daily')).toMatchObject({ outcome: 'existing', queued: 0 });
  });

  it('does not mail a feed day more than a week old as news', async () => {
    t.clock.set('2026-09-10T11:00:00.000Z');
    expect((await queueScheduledEdition(t.deps, 'daily')).outcome).toBe('empty');
  });

  it('its crons are entries of the one recurring-jobs list, in the instance time zone', () => {
    const jobs = recurringJobs(t.deps.config).filter((j) => j.name.startsWith('digest:'));
    expect(jobs.map((j) => [j.name, j.enabled])).toEqual([
      ['digest:daily', true],
      ['digest:weekly', true],
      ['digest:alerts', true],
      ['digest:deliver', true],
    ]);
    const daily = new Cron(jobs[0]!.cron, { timezone: 'America/New_York', paused: true });
    // Friday 2026-08-21 08:00 New York → next weekday 07:00 is Monday 2026-08-24 07:00 EDT.
    expect(daily.nextRun(new Date('2026-08-21T12:00:00.000Z'))?.toISOString()).toBe(
      '2026-08-24T11:00:00.000Z',
    );
    daily.stop();
  });

  it('a tick of the daily job, run by a worker, queues the edition and delivers it at once', async () => {
    const u = await createTestApp(dialect, {
      env: { PAPERBOY_TIMEZONE: 'America/New_York' },
      now: '2026-08-24T11:00:00.000Z',
    });
    try {
      await loadFixtures(u.deps);
      await activeSubscriber(u.deps, 'daily@example.org', 'daily');
      const daily = recurringJobs(u.deps.config).find((j) => j.name === 'digest:daily')!;
      const at = u.clock.now();
      expect(await enqueueTick(u.db, daily, at, at)).toBe(true);
      expect(await enqueueTick(u.db, daily, at, at)).toBe(false); // a second worker process
      // The edition job, then the delivery job it enqueued.
      expect(await runDueJobs({ ...u.deps, handlers: jobHandlers(u.deps) }, 'w1')).toBe(2);
      const jobs = await u.db.kysely.selectFrom('jobs').select(['kind', 'status']).orderBy('id').execute();
      expect(jobs).toEqual([
        { kind: 'digest:edition', status: 'done' },
        { kind: 'digest:deliver', status: 'done' },
      ]);
      const outbox = await u.db.kysely.selectFrom('outbox').select('status').execute();
      expect(outbox).toEqual([{ status: 'sent' }]);
    } finally {
      await u.close();
    }
  });
});
