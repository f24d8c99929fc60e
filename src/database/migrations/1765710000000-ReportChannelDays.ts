import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `report_channel_day`: the funnel's counts per UTC day of arrival and channel ('' for unclassified
 * contacts), summed from report_contact by a row trigger on it, so in the transaction of the write
 * that changed the contact's facts. A period's full days are summed from here (365 days: about a
 * thousand rows) and its partial days at both ends counted from report_contact.
 *
 * `offered` counts the contacts whose first offer came less than 29 days after their arrival:
 * those are offered for every period holding their day, whose first-touch horizon reaches 30 days
 * past its end (FIRST_TOUCH_HORIZON_DAYS; the day of margin covers a daylight-saving hour of the
 * session's time zone). The others (an offer before the arrival, or 29 days or more after it)
 * depend on the period's edges, and are tested against them at read time through the small partial
 * index report_contact_late_offer_idx (an interval difference: immutable, as an index needs).
 *
 * Each (day, channel) is split in eight slots by contact id, so that concurrent writers of one day
 * and channel rarely wait for the same row.
 */
export class ReportChannelDays1765710000000 implements MigrationInterface {
  name = 'ReportChannelDays1765710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE report_contact IN SHARE MODE`);
    await q.query(`
      CREATE TABLE report_channel_day (
        day date NOT NULL,
        channel varchar(24) NOT NULL,
        slot smallint NOT NULL,
        contacts integer NOT NULL DEFAULT 0,
        offered integer NOT NULL DEFAULT 0,
        qualified integer NOT NULL DEFAULT 0,
        field integer NOT NULL DEFAULT 0,
        e_sales integer NOT NULL DEFAULT 0,
        partner integer NOT NULL DEFAULT 0,
        nurture integer NOT NULL DEFAULT 0,
        won integer NOT NULL DEFAULT 0,
        lost integer NOT NULL DEFAULT 0,
        PRIMARY KEY (day, channel, slot)
      )`);
    await q.query(`
      CREATE FUNCTION report_channel_day_add(r report_contact, sign integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO report_channel_day AS d
               (day, channel, slot, contacts, offered, qualified, field, e_sales, partner, nurture, won, lost)
        VALUES ((r.created_at AT TIME ZONE 'UTC')::date, coalesce(r.channel, ''), hashtext(r.contact_id::text) & 7,
                sign,
                sign * coalesce(r.first_offer_at >= r.created_at AND r.first_offer_at - r.created_at < interval '29 days', false)::int,
                sign * (r.lead_route IS NOT NULL)::int,
                sign * (r.lead_route IS NOT DISTINCT FROM 'field')::int, sign * (r.lead_route IS NOT DISTINCT FROM 'e_sales')::int,
                sign * (r.lead_route IS NOT DISTINCT FROM 'partner')::int, sign * (r.lead_route IS NOT DISTINCT FROM 'nurture')::int,
                sign * (r.lead_maturity IS NOT DISTINCT FROM 'won')::int, sign * (r.lead_maturity IS NOT DISTINCT FROM 'lost')::int)
        ON CONFLICT (day, channel, slot) DO UPDATE
           SET contacts = d.contacts + EXCLUDED.contacts, offered = d.offered + EXCLUDED.offered,
               qualified = d.qualified + EXCLUDED.qualified, field = d.field + EXCLUDED.field,
               e_sales = d.e_sales + EXCLUDED.e_sales, partner = d.partner + EXCLUDED.partner,
               nurture = d.nurture + EXCLUDED.nurture, won = d.won + EXCLUDED.won, lost = d.lost + EXCLUDED.lost
      $$`);
    await q.query(`
      INSERT INTO report_channel_day
             (day, channel, slot, contacts, offered, qualified, field, e_sales, partner, nurture, won, lost)
      SELECT (created_at AT TIME ZONE 'UTC')::date, coalesce(channel, ''), hashtext(contact_id::text) & 7,
             count(*),
             count(*) FILTER (WHERE first_offer_at >= created_at AND first_offer_at - created_at < interval '29 days'),
             count(lead_route),
             count(*) FILTER (WHERE lead_route = 'field'), count(*) FILTER (WHERE lead_route = 'e_sales'),
             count(*) FILTER (WHERE lead_route = 'partner'), count(*) FILTER (WHERE lead_route = 'nurture'),
             count(*) FILTER (WHERE lead_maturity = 'won'), count(*) FILTER (WHERE lead_maturity = 'lost')
        FROM report_contact
       GROUP BY 1, 2, 3`);
    await q.query(`
      CREATE FUNCTION report_channel_day_of_contact() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM report_channel_day_add(OLD, -1); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM report_channel_day_add(NEW, 1); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER report_channel_day_write AFTER INSERT OR DELETE ON report_contact
        FOR EACH ROW EXECUTE FUNCTION report_channel_day_of_contact()`);
    await q.query(`
      CREATE TRIGGER report_channel_day_update AFTER UPDATE ON report_contact
        FOR EACH ROW
        WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.channel IS DISTINCT FROM NEW.channel
              OR OLD.first_offer_at IS DISTINCT FROM NEW.first_offer_at OR OLD.lead_route IS DISTINCT FROM NEW.lead_route
              OR OLD.lead_maturity IS DISTINCT FROM NEW.lead_maturity)
        EXECUTE FUNCTION report_channel_day_of_contact()`);
    await q.query(`
      CREATE INDEX report_contact_late_offer_idx ON report_contact (created_at)
       WHERE first_offer_at < created_at OR first_offer_at - created_at >= interval '29 days'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX report_contact_late_offer_idx`);
    await q.query(`DROP TRIGGER report_channel_day_update ON report_contact`);
    await q.query(`DROP TRIGGER report_channel_day_write ON report_contact`);
    await q.query(`DROP FUNCTION report_channel_day_of_contact()`);
    await q.query(`DROP FUNCTION report_channel_day_add(report_contact, integer)`);
    await q.query(`DROP TABLE report_channel_day`);
  }
}
