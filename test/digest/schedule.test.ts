import { Cron } from 'croner';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { digestJobs } from '../../src/digest/schedule.ts';
import { queueScheduledEdition } from '../../src/digest/send-edition.ts';
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

  it('its crons are valid and run in the instance time zone', () => {
    const jobs = digestJobs(t.deps, () => {});
    expect(jobs.map((j) => j.name)).toEqual(['digest:daily', 'digest:weekly', 'digest:alerts']);
    const daily = new Cron(jobs[0]!.cron, { timezone: 'America/New_York', paused: true });
    // Friday 2026-08-21 08:00 New York → next weekday 07:00 is Monday 2026-08-24 07:00 EDT.
    expect(daily.nextRun(new Date('2026-08-21T12:00:00.000Z'))?.toISOString()).toBe(
      '2026-08-24T11:00:00.000Z',
    );
    daily.stop();
  });
});
