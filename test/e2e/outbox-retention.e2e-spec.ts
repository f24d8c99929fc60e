import { DataSource } from 'typeorm';
import { OutboxRelay } from '../../src/outbox/outbox-relay.service';
import { startTestApp, TestApp } from '../helpers/test-app';

describe('outbox retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ OUTBOX_RETENTION_HOURS: '24' });
  });
  afterAll(() => t.close());

  it('deletes published rows past the retention, keeps recent ones', async () => {
    const db = t.app.get(DataSource);
    const insert = (jobId: string, publishedHoursAgo: number | null, createdHoursAgo: number) =>
      db.query(
        `INSERT INTO outbox (queue, job_name, job_id, payload, created_at, published_at)
         VALUES ('intake', 'contact.process', $1, '{}'::jsonb, now() - make_interval(hours => $3),
                 CASE WHEN $2::int IS NULL THEN NULL ELSE now() - make_interval(hours => $2::int) END)`,
        [jobId, publishedHoursAgo, createdHoursAgo],
      );
    await insert('old-published', 48, 48);
    await insert('recent-published', 2, 2);

    expect(await t.app.get(OutboxRelay).prune()).toBe(1);
    const left = await db.query<{ job_id: string }[]>(
      `SELECT job_id FROM outbox WHERE job_id IN ('old-published', 'recent-published') ORDER BY job_id`,
    );
    expect(left.map((r) => r.job_id)).toEqual(['recent-published']);
  });
});
