import { Client } from 'pg';
import { createUser, login } from './http';
import { startTestApp, TEST_PG_URL, type TestApp } from './test-app';

export interface ReportUsers {
  aiko: string;
  bo: string;
  chen: string;
  daisuke: string;
  idle: string;
}

export interface ReportWeek {
  users: ReportUsers;
  contacts: Record<string, string>;
}

const at = (iso: string, plusSeconds = 0) => new Date(new Date(iso).getTime() + plusSeconds * 1000);

/**
 * One week of contact-center history, 2026-11-02 to 2026-11-09, written straight into the tables
 * with fixed instants (the API would stamp the present). Six contacts in the week and one before it:
 *
 * | contact | channel | arrived (UTC) | account | offers (s after arrival) | taken by (start-end) | lead |
 * |---|---|---|---|---|---|---|
 * | c1 | e_sales | 11-02 01:00 | smb | Aiko +30 accepted | Aiko +60..+600 | e_sales, won 11-05 01:00 (3 days) by Aiko |
 * | c2 | e_sales | 11-02 02:00 | smb | Bo +60 expired, Aiko +120 accepted | Aiko +180..+1200 | nurture, M1 |
 * | c3 | e_coverage | 11-03 00:00 | enterprise | Bo +10 accepted | Bo +20..+3600 | field M3, Daisuke, stalled 11-06, handoff accepted in 1 h |
 * | c4 | e_coverage | 11-04 00:00 | enterprise | Chen +40 declined | nobody | none |
 * | c5 | demand_generation | 11-05 00:00 | none | Chen +5 accepted | Chen +15..+300 | partner, lost 11-06 |
 * | c6 | e_coverage | 11-06 00:00 | enterprise | Bo +50 accepted | Bo +100..+1800 | field, won 11-08 (2 days) by Daisuke, handoff accepted in 5 h |
 * | c0 | e_sales | 10-30 00:00 | smb | Aiko +1 accepted | Aiko +2..+60 | won 11-06 (outside the cohort) |
 *
 * Back office for c1's sale (11-05 01:00): contract done in 48 h (SLA 72 h: met), order entry in
 * 30 h (24 h: missed), billing never (48 h: missed).
 */
export async function seedReportWeek(db: Client, users: ReportUsers): Promise<ReportWeek> {
  const customer = async (name: string, segment: string, industry: string | null) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO customer (name, name_key, segment, industry) VALUES ($1::varchar, lower($1::varchar), $2, $3) RETURNING id`,
      [name, segment, industry],
    );
    return rows[0].id;
  };
  const enterprise = await customer('東京精機', 'enterprise', '製造業');
  const smb = await customer('Small Shop', 'smb', null);

  const contact = async (channel: string, arrived: Date, customerId: string | null) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO contact (medium, source, status, channel, inquiry_type, language, body, customer_id, created_at, updated_at)
       VALUES ('web', 'web-form', 'closed', $1, 'question', 'ja', 'report seed', $2, $3, $3) RETURNING id`,
      [channel, customerId, arrived],
    );
    return rows[0].id;
  };
  const offer = async (contactId: string, agentId: string, arrived: Date, after: number, status: string) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO offer (contact_id, agent_id, medium, status, reason, created_at, expires_at, decided_at)
       VALUES ($1, $2, 'web', $3, 'best match', $4, $5, $5) RETURNING id`,
      [contactId, agentId, status, at(arrived.toISOString(), after), at(arrived.toISOString(), after + 20)],
    );
    return rows[0].id;
  };
  const assignment = async (
    contactId: string,
    agentId: string,
    offerId: string,
    arrived: Date,
    start: number,
    end: number,
  ) => {
    await db.query(
      `INSERT INTO assignment (contact_id, agent_id, offer_id, medium, started_at, ended_at, end_reason)
       VALUES ($1, $2, $3, 'web', $4, $5, 'wrapped_up')`,
      [contactId, agentId, offerId, at(arrived.toISOString(), start), at(arrived.toISOString(), end)],
    );
  };
  const lead = async (
    contactId: string,
    customerId: string | null,
    fields: { route: string; maturity: string; ownerId?: string; closedAt?: Date; stalledAt?: Date; amount?: number },
  ) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO lead (contact_id, customer_id, revenue_tier, complexity, maturity, route, matrix_version, reason,
                         owner_id, closed_at, stalled_at, amount)
       VALUES ($1, $2, 'medium', 'standard', $3, $4, 1, 'seeded', $5, $6, $7, $8) RETURNING id`,
      [
        contactId,
        customerId,
        fields.maturity,
        fields.route,
        fields.ownerId ?? null,
        fields.closedAt ?? null,
        fields.stalledAt ?? null,
        fields.amount ?? null,
      ],
    );
    return rows[0].id;
  };
  const handoff = async (leadId: string, specialistId: string, offeredAt: Date, acceptedAfterSeconds: number) => {
    await db.query(
      `INSERT INTO handoff (lead_id, specialist_id, status, reason, offered_at, due_at, decided_at)
       VALUES ($1, $2, 'accepted', 'seeded', $3, $4, $5)`,
      [
        leadId,
        specialistId,
        offeredAt,
        at(offeredAt.toISOString(), 4 * 3600),
        at(offeredAt.toISOString(), acceptedAfterSeconds),
      ],
    );
  };

  const { aiko, bo, chen, daisuke } = users;
  const t1 = at('2026-11-02T01:00:00Z');
  const c1 = await contact('e_sales', t1, smb);
  await assignment(c1, aiko, await offer(c1, aiko, t1, 30, 'accepted'), t1, 60, 600);
  const l1 = await lead(c1, smb, {
    route: 'e_sales',
    maturity: 'won',
    ownerId: aiko,
    closedAt: at('2026-11-05T01:00:00Z'),
  });

  const t2 = at('2026-11-02T02:00:00Z');
  const c2 = await contact('e_sales', t2, smb);
  await offer(c2, bo, t2, 60, 'expired');
  await assignment(c2, aiko, await offer(c2, aiko, t2, 120, 'accepted'), t2, 180, 1200);
  await lead(c2, smb, { route: 'nurture', maturity: 'M1', ownerId: aiko });

  const t3 = at('2026-11-03T00:00:00Z');
  const c3 = await contact('e_coverage', t3, enterprise);
  await assignment(c3, bo, await offer(c3, bo, t3, 10, 'accepted'), t3, 20, 3600);
  const l3 = await lead(c3, enterprise, {
    route: 'field',
    maturity: 'M3',
    ownerId: daisuke,
    stalledAt: at('2026-11-06T00:00:00Z'),
    amount: 5_000_000,
  });
  await handoff(l3, daisuke, at('2026-11-03T01:00:00Z'), 3600);

  const t4 = at('2026-11-04T00:00:00Z');
  const c4 = await contact('e_coverage', t4, enterprise);
  await offer(c4, chen, t4, 40, 'declined');

  const t5 = at('2026-11-05T00:00:00Z');
  const c5 = await contact('demand_generation', t5, null);
  await assignment(c5, chen, await offer(c5, chen, t5, 5, 'accepted'), t5, 15, 300);
  await lead(c5, null, { route: 'partner', maturity: 'lost', ownerId: chen, closedAt: at('2026-11-06T00:00:00Z') });

  const t6 = at('2026-11-06T00:00:00Z');
  const c6 = await contact('e_coverage', t6, enterprise);
  await assignment(c6, bo, await offer(c6, bo, t6, 50, 'accepted'), t6, 100, 1800);
  const l6 = await lead(c6, enterprise, {
    route: 'field',
    maturity: 'won',
    ownerId: daisuke,
    closedAt: at('2026-11-08T00:00:00Z'),
  });
  await handoff(l6, daisuke, at('2026-11-06T01:00:00Z'), 5 * 3600);

  // Before the week: counted by nothing of the week's reports (its win on 11-06 is not in the cohort,
  // but it is a win of the week for the sellers report: kept out by having no owner).
  const t0 = at('2026-10-30T00:00:00Z');
  const c0 = await contact('e_sales', t0, smb);
  await assignment(c0, aiko, await offer(c0, aiko, t0, 1, 'accepted'), t0, 2, 60);
  await lead(c0, smb, { route: 'e_sales', maturity: 'won', closedAt: at('2026-11-06T00:00:00Z') });

  const sold = at('2026-11-05T01:00:00Z');
  const { rows: orders } = await db.query<{ id: string }>(
    `INSERT INTO backoffice_order (source, lead_id, contact_id, summary, created_at)
     VALUES ('won_lead', $1, $2, 'seeded sale', $3) RETURNING id`,
    [l1, c1, sold],
  );
  const task = async (kind: string, slaHours: number, doneAfterHours: number | null) => {
    await db.query(
      `INSERT INTO backoffice_task (order_id, kind, status, due_at, done_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        orders[0].id,
        kind,
        doneAfterHours === null ? 'open' : 'done',
        at(sold.toISOString(), slaHours * 3600),
        doneAfterHours === null ? null : at(sold.toISOString(), doneAfterHours * 3600),
        sold,
      ],
    );
  };
  await task('contract', 72, 48);
  await task('order_entry', 24, 30);
  await task('billing', 48, null);

  return { users, contacts: { c0, c1, c2, c3, c4, c5, c6 } };
}

/** A test app with the week seeded, its admin's token and a direct client on its database. */
export interface SeededReportApp {
  t: TestApp;
  admin: string;
  db: Client;
  week: ReportWeek;
}

/**
 * Starts a test app, creates the week's staff (agents Aiko, Bo, Chen and the idle Dai, deal
 * specialist Daisuke) with e-mails at `domain`, and seeds the week; `env` adds to the app's settings. The caller ends `db` and closes `t`.
 */
export async function startSeededReportApp(domain: string, env: Record<string, string> = {}): Promise<SeededReportApp> {
  const t = await startTestApp({ INQUIRY_RATE_LIMIT: '0', ...env });
  const admin = await login(t);
  const user = (name: string, roles: string[]) =>
    createUser(t, admin, { email: `${name.toLowerCase()}@${domain}`, name, roles });
  const aiko = await user('Aiko', ['agent']);
  const bo = await user('Bo', ['agent']);
  const chen = await user('Chen', ['agent']);
  const idle = await user('Dai', ['agent']);
  const daisuke = await user('Daisuke', ['deal_specialist']);
  const db = new Client({ connectionString: `${TEST_PG_URL}/${t.databaseName}` });
  await db.connect();
  const week = await seedReportWeek(db, {
    aiko: aiko.id,
    bo: bo.id,
    chen: chen.id,
    daisuke: daisuke.id,
    idle: idle.id,
  });
  return { t, admin, db, week };
}
