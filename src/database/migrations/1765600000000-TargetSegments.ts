import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Market planning as data: `product_line.segments` turns from a list of segment codes into a list
 * of target segments, `[{ name?, segment?, industry?, size?, region?, bonus? }]` (jsonb), matched
 * against the account's `segment`, `industry`, `size` and `region` (src/catalog/domain/market-planning.ts).
 * A contact in a target segment of the line it asks about gets the segment's bonus in routing
 * priority, replacing the one hard-coded `{ enterprise: 30 }` of the first routing core.
 *
 * Every old code `c` becomes `{ "segment": c }`, keeping its meaning; `enterprise` keeps its 30
 * points and the other codes get 10, so an account of a named segment is still served a little
 * earlier than one the line does not target. The starter catalog's complex lines also name the
 * industries they are built for. `down` keeps the codes only.
 */
export class TargetSegments1765600000000 implements MigrationInterface {
  name = 'TargetSegments1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE product_line ADD COLUMN target_segments jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`
      UPDATE product_line SET target_segments = COALESCE((
        SELECT jsonb_agg(jsonb_build_object('segment', code, 'bonus', CASE WHEN code = 'enterprise' THEN 30 ELSE 10 END)
                         ORDER BY ordinality)
          FROM unnest(segments) WITH ORDINALITY AS s(code, ordinality)), '[]'::jsonb)`);
    await q.query(
      `
      UPDATE product_line SET target_segments = target_segments || $2::jsonb
       WHERE code = $1 AND segments = '{enterprise}'`,
      ['erp', JSON.stringify([{ name: 'Manufacturing, large', industry: 'manufacturing', size: 'large', bonus: 40 }])],
    );
    await q.query(
      `UPDATE product_line SET target_segments = target_segments || $2::jsonb
        WHERE code = $1 AND segments = '{enterprise}'`,
      ['cloud-migration', JSON.stringify([{ name: 'Finance', industry: 'finance', bonus: 40 }])],
    );
    await q.query(`ALTER TABLE product_line DROP COLUMN segments`);
    await q.query(`ALTER TABLE product_line RENAME COLUMN target_segments TO segments`);
    await q.query(`
      ALTER TABLE product_line ADD CONSTRAINT product_line_segments_is_array CHECK (jsonb_typeof(segments) = 'array')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE product_line DROP CONSTRAINT product_line_segments_is_array`);
    await q.query(`ALTER TABLE product_line RENAME COLUMN segments TO target_segments`);
    await q.query(`ALTER TABLE product_line ADD COLUMN segments text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE product_line SET segments = COALESCE(ARRAY(
        SELECT DISTINCT s->>'segment' FROM jsonb_array_elements(target_segments) s WHERE s ? 'segment'), '{}')`);
    await q.query(`ALTER TABLE product_line DROP COLUMN target_segments`);
  }
}
