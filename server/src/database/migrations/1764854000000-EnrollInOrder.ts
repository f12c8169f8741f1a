import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 报名 in one round trip. A turn of enrollments on one offering took seven statements (begin, the
 * profiles, the offering's lock, the live enrollments, the inserts, the counts, commit); at the
 * opening of a popular class each statement's round trip, on both sides of the socket, was most
 * of the portal's work. `enroll_in_order` does the part under the offering's lock in one call:
 * the service decides, from the offering's terms and the residents' profiles read before, who may
 * take a place, and passes the terms it decided on.
 *
 * - The function locks the offering and compares its terms with the ones passed: when they
 *   differ (an administrator changed the offering meanwhile, or it is gone) it raises LP409 and
 *   changes nothing, and the service decides again on fresh terms.
 * - Each statement inside takes a new snapshot after the lock is held (a PL/pgSQL function is
 *   VOLATILE), so enrollments committed by another worker while this one waited are seen, as
 *   with separate statements in a transaction.
 * - Answers one row per resident asked, in the order asked: the live enrollment they already
 *   held (created false), the one made now (created true; places in arrival order while any are
 *   free, then the waitlist in the same order), or no enrollment (id NULL) for one the service
 *   refused and who held none.
 */
export class EnrollInOrder1764854000000 implements MigrationInterface {
  name = 'EnrollInOrder1764854000000';

  async up(q: QueryRunner): Promise<void> {
    // what an enrollment decision rests on, besides the places: a row's text keeps a NULL apart from
    // any value, and epochs keep the session's time zone out of it
    await q.query(`
      CREATE FUNCTION offering_enrollment_terms(o offering) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT md5(row(o.status, extract(epoch FROM o.starts_at), extract(epoch FROM o.ends_at),
                       extract(epoch FROM o.enroll_opens_at), extract(epoch FROM o.enroll_closes_at),
                       o.restricted_to_target_groups, o.target_groups)::text)
      $$`);
    await q.query(`
      CREATE FUNCTION enroll_in_order(p_offering integer, p_terms text, p_residents uuid[], p_may_take boolean[])
      RETURNS TABLE (resident_id uuid, id bigint, status enrollment_status, created_at timestamptz,
                     created boolean, waitlist_position integer)
      LANGUAGE plpgsql AS $$
      DECLARE
        o offering;
        v_free integer;
        v_ahead integer;
      BEGIN
        SELECT * INTO o FROM offering WHERE offering.id = p_offering FOR UPDATE;
        IF NOT FOUND OR offering_enrollment_terms(o) IS DISTINCT FROM p_terms THEN
          RAISE EXCEPTION 'the offering''s enrollment terms changed' USING ERRCODE = 'LP409';
        END IF;
        v_free := o.capacity - o.enrolled_count;
        SELECT count(*)::int INTO v_ahead FROM enrollment e WHERE e.offering_id = p_offering AND e.status = 'waitlisted';
        RETURN QUERY
        WITH asked AS (
               SELECT a.rid, a.may, a.n FROM unnest(p_residents, p_may_take) WITH ORDINALITY AS a(rid, may, n)),
             held AS (
               SELECT e.* FROM enrollment e
                WHERE e.offering_id = p_offering AND e.resident_id = ANY (p_residents) AND e.status <> 'cancelled'),
             fresh AS (
               SELECT a.rid, a.n, row_number() OVER (ORDER BY a.n) AS k
                 FROM asked a
                WHERE a.may AND NOT EXISTS (SELECT 1 FROM held h WHERE h.resident_id = a.rid)),
             made AS (
               INSERT INTO enrollment (offering_id, resident_id, status, waitlist_seq)
               SELECT p_offering, f.rid,
                      CASE WHEN f.k > v_free THEN 'waitlisted' ELSE 'enrolled' END::enrollment_status,
                      CASE WHEN f.k > v_free THEN nextval('enrollment_waitlist_seq') END
                 FROM fresh f
                ORDER BY f.n
               RETURNING enrollment.id, enrollment.resident_id, enrollment.status, enrollment.waitlist_seq, enrollment.created_at),
             placed AS (
               SELECT m.*, CASE WHEN m.status = 'waitlisted' THEN
                             v_ahead + (count(*) FILTER (WHERE m.status = 'waitlisted') OVER (ORDER BY m.waitlist_seq))::int END AS position
                 FROM made m),
             counted AS (
               UPDATE offering
                  SET enrolled_count = enrolled_count + (SELECT count(*) FROM made WHERE made.status = 'enrolled'),
                      waitlist_count = waitlist_count + (SELECT count(*) FROM made WHERE made.status = 'waitlisted')
                WHERE offering.id = p_offering AND EXISTS (SELECT 1 FROM made))
        SELECT a.rid, COALESCE(h.id, p.id), COALESCE(h.status, p.status), COALESCE(h.created_at, p.created_at),
               p.id IS NOT NULL,
               CASE WHEN h.status = 'waitlisted' THEN
                      (SELECT count(*)::int FROM enrollment w
                        WHERE w.offering_id = p_offering AND w.status = 'waitlisted' AND w.waitlist_seq <= h.waitlist_seq)
                    ELSE p.position END
          FROM asked a
          LEFT JOIN held h ON h.resident_id = a.rid
          LEFT JOIN placed p ON p.resident_id = a.rid
         ORDER BY a.n;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION enroll_in_order(integer, text, uuid[], boolean[])`);
    await q.query(`DROP FUNCTION offering_enrollment_terms(offering)`);
  }
}
