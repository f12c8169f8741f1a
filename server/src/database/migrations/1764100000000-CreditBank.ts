import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 学分银行: what a learning record carries for statistics and voiding, the versioned conversion
 * rules, the double-entry ledger, certification of external achievements with their uploads,
 * partners with API keys and residents' consents, online lesson progress, and signed transcripts.
 *
 * The ledger and the learning records are append-only: triggers refuse UPDATE and DELETE on them,
 * and a deferred trigger refuses a transfer whose two entries do not balance.
 */
export class CreditBank1764100000000 implements MigrationInterface {
  name = 'CreditBank1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // --- learning records: snapshot of who the resident was, and voiding by a reversing record
    await q.query(`
      ALTER TABLE learning_record
        ADD COLUMN title            varchar(100),
        -- age in whole years at occurred_at (Asia/Shanghai), and the resident's groups when recorded:
        -- statistics count a record by who the resident was then, not by who they are now
        ADD COLUMN age_years        smallint CHECK (age_years BETWEEN 0 AND 150),
        ADD COLUMN resident_groups  text[]   NOT NULL DEFAULT '{}',
        ADD COLUMN voids_id         bigint   REFERENCES learning_record (id),
        ADD COLUMN void_reason      varchar(200),
        ADD COLUMN recorded_by      uuid     REFERENCES app_user (id)`);
    await q.query(`
      UPDATE learning_record r
         SET age_years = date_part('year', age((r.occurred_at AT TIME ZONE 'Asia/Shanghai')::date, p.birth_date))::smallint,
             resident_groups = p.groups,
             title = o.title
        FROM resident_profile p, offering o
       WHERE p.user_id = r.resident_id AND o.id = r.offering_id`);
    await q.query(`UPDATE learning_record SET age_years = 0 WHERE age_years IS NULL`);
    await q.query(`ALTER TABLE learning_record ALTER COLUMN age_years SET NOT NULL`);
    await q.query(`ALTER TABLE learning_record DROP CONSTRAINT learning_record_minutes_check`);
    await q.query(`
      ALTER TABLE learning_record
        -- an outcome has 0..1440 minutes (a certificate may carry none); a voiding record carries
        -- the negated minutes of the record it voids, and says why
        ADD CONSTRAINT learning_record_minutes_range CHECK (
          (voids_id IS NULL AND minutes BETWEEN 0 AND 1440 AND void_reason IS NULL)
          OR (voids_id IS NOT NULL AND minutes BETWEEN -1440 AND 0 AND void_reason IS NOT NULL)),
        ADD CONSTRAINT learning_record_voided_once UNIQUE (voids_id)`);
    await q.query(`CREATE INDEX learning_record_area_time_idx ON learning_record (area_id, occurred_at)`);
    // a resident's history, newest first, and their totals by year and category from the index alone
    await q.query(`DROP INDEX learning_record_resident_idx`);
    await q.query(`
      CREATE INDEX learning_record_account_idx ON learning_record (resident_id, occurred_at DESC, id DESC)
        INCLUDE (category, minutes)`);

    await q.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER learning_record_append_only BEFORE UPDATE OR DELETE ON learning_record
        FOR EACH ROW EXECUTE FUNCTION refuse_change()`);

    // --- conversion rules, versioned per district
    await q.query(`CREATE TYPE credit_rounding AS ENUM ('down', 'nearest', 'up')`);
    await q.query(`
      CREATE TABLE credit_rule_set (
        id                        serial PRIMARY KEY,
        district_id               integer      NOT NULL REFERENCES area (id),
        version                   integer      NOT NULL CHECK (version >= 1),
        -- the version applies to learning that happened on or after this date (Asia/Shanghai)
        effective_from            date         NOT NULL,
        overall_yearly_cap_milli  integer      NOT NULL CHECK (overall_yearly_cap_milli > 0),
        note                      varchar(500) NOT NULL DEFAULT '',
        created_by                uuid         REFERENCES app_user (id),
        created_at                timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT credit_rule_set_version_key UNIQUE (district_id, version),
        CONSTRAINT credit_rule_set_effective_key UNIQUE (district_id, effective_from)
      )`);
    await q.query(`
      CREATE TABLE credit_rule (
        rule_set_id          integer           NOT NULL REFERENCES credit_rule_set (id),
        category             offering_category NOT NULL,
        minutes_per_credit   integer           NOT NULL CHECK (minutes_per_credit BETWEEN 1 AND 100000),
        -- credits are rounded to this many milli-credits (1 = no rounding, 1000 = whole credits)
        rounding_step_milli  integer           NOT NULL CHECK (rounding_step_milli IN (1, 10, 100, 500, 1000)),
        rounding             credit_rounding   NOT NULL,
        yearly_cap_milli     integer           NOT NULL CHECK (yearly_cap_milli >= 0),
        CONSTRAINT credit_rule_pkey PRIMARY KEY (rule_set_id, category)
      )`);
    await q.query(`CREATE TYPE achievement_kind AS ENUM ('vocational_certificate', 'skill_level', 'competition_award', 'degree_course')`);
    await q.query(`
      CREATE TABLE credit_achievement (
        rule_set_id   integer           NOT NULL REFERENCES credit_rule_set (id),
        code          varchar(32)       NOT NULL CHECK (code ~ '^[a-z0-9_]+$'),
        kind          achievement_kind  NOT NULL,
        name          varchar(64)       NOT NULL,
        level         varchar(32)       NOT NULL DEFAULT '',
        category      offering_category NOT NULL,
        credits_milli integer           NOT NULL CHECK (credits_milli BETWEEN 1 AND 100000),
        CONSTRAINT credit_achievement_pkey PRIMARY KEY (rule_set_id, code)
      )`);
    await q.query(`CREATE TRIGGER credit_rule_set_append_only BEFORE UPDATE OR DELETE ON credit_rule_set FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER credit_rule_append_only BEFORE UPDATE OR DELETE ON credit_rule FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER credit_achievement_append_only BEFORE UPDATE OR DELETE ON credit_achievement FOR EACH ROW EXECUTE FUNCTION refuse_change()`);

    // --- partners (开放大学, employers, other platforms)
    await q.query(`
      CREATE TABLE partner (
        id           serial PRIMARY KEY,
        name         varchar(64) NOT NULL,
        district_id  integer     NOT NULL REFERENCES area (id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partner_name_key UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE partner_api_key (
        id          serial PRIMARY KEY,
        partner_id  integer     NOT NULL REFERENCES partner (id),
        -- the key is 'lpk_<prefix>_<secret>'; only the prefix and an HMAC of the whole key are kept
        prefix      varchar(16) NOT NULL,
        key_hash    char(64)    NOT NULL,
        scopes      text[]      NOT NULL CHECK (scopes <@ ARRAY['credits:read', 'transcripts:verify', 'records:export']::text[]),
        revoked_at  timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partner_api_key_prefix_key UNIQUE (prefix)
      )`);
    await q.query(`
      CREATE TABLE partner_offer (
        id             serial PRIMARY KEY,
        partner_id     integer             NOT NULL REFERENCES partner (id),
        title          varchar(100)        NOT NULL,
        description    varchar(500)        NOT NULL DEFAULT '',
        credits_milli  integer             NOT NULL CHECK (credits_milli > 0),
        -- credits of these categories pay for it; empty means any category
        categories     offering_category[] NOT NULL DEFAULT '{}',
        active         boolean             NOT NULL DEFAULT true,
        created_at     timestamptz         NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE partner_consent (
        id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        resident_id  uuid        NOT NULL REFERENCES app_user (id),
        partner_id   integer     NOT NULL REFERENCES partner (id),
        token_hash   char(64)    NOT NULL,
        scopes       text[]      NOT NULL CHECK (scopes <@ ARRAY['credits:read', 'transcripts:verify', 'records:export']::text[]),
        expires_at   timestamptz NOT NULL,
        revoked_at   timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partner_consent_token_key UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX partner_consent_resident_idx ON partner_consent (resident_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE partner_api_call (
        id           bigserial PRIMARY KEY,
        partner_id   integer      REFERENCES partner (id),
        api_key_id   integer      REFERENCES partner_api_key (id),
        endpoint     varchar(100) NOT NULL,
        resident_id  uuid         REFERENCES app_user (id),
        status       smallint     NOT NULL,
        outcome      varchar(32)  NOT NULL,
        called_at    timestamptz  NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX partner_api_call_partner_idx ON partner_api_call (partner_id, called_at DESC)`);

    // --- the ledger
    await q.query(`CREATE TYPE ledger_account_kind AS ENUM ('resident', 'issuer', 'partner')`);
    await q.query(`
      CREATE TABLE ledger_account (
        id              bigserial PRIMARY KEY,
        kind            ledger_account_kind NOT NULL,
        -- a resident has one account per category: a partner offer names the categories that pay for it
        resident_id     uuid                REFERENCES app_user (id),
        category        offering_category,
        district_id     integer             REFERENCES area (id),
        partner_id      integer             REFERENCES partner (id),
        balance_milli   bigint              NOT NULL DEFAULT 0,
        created_at      timestamptz         NOT NULL DEFAULT now(),
        CONSTRAINT ledger_account_owner CHECK (
          (kind = 'resident' AND resident_id IS NOT NULL AND category IS NOT NULL AND district_id IS NULL AND partner_id IS NULL)
          OR (kind = 'issuer' AND district_id IS NOT NULL AND resident_id IS NULL AND category IS NULL AND partner_id IS NULL)
          OR (kind = 'partner' AND partner_id IS NOT NULL AND resident_id IS NULL AND category IS NULL AND district_id IS NULL)),
        -- the district's issuing account is the only one that goes below zero: it is minus what was issued
        CONSTRAINT ledger_account_not_negative CHECK (kind = 'issuer' OR balance_milli >= 0),
        CONSTRAINT ledger_account_resident_key UNIQUE (resident_id, category),
        CONSTRAINT ledger_account_issuer_key UNIQUE (district_id),
        CONSTRAINT ledger_account_partner_key UNIQUE (partner_id)
      )`);
    await q.query(`CREATE TYPE ledger_transfer_kind AS ENUM ('grant', 'conversion', 'reversal')`);
    await q.query(`
      CREATE TABLE credit_conversion (
        id             bigserial PRIMARY KEY,
        resident_id    uuid        NOT NULL REFERENCES app_user (id),
        offer_id       integer     NOT NULL REFERENCES partner_offer (id),
        credits_milli  integer     NOT NULL CHECK (credits_milli > 0),
        -- the receipt number shown to the resident and the partner
        receipt_no     varchar(32) NOT NULL,
        request_key    varchar(100) NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT credit_conversion_receipt_key UNIQUE (receipt_no),
        CONSTRAINT credit_conversion_request_key UNIQUE (resident_id, request_key)
      )`);
    await q.query(`CREATE INDEX credit_conversion_resident_idx ON credit_conversion (resident_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE ledger_transfer (
        id                    bigserial PRIMARY KEY,
        kind                  ledger_transfer_kind NOT NULL,
        from_account_id       bigint       NOT NULL REFERENCES ledger_account (id),
        to_account_id         bigint       NOT NULL REFERENCES ledger_account (id),
        amount_milli          bigint       NOT NULL CHECK (amount_milli > 0),
        idempotency_key       varchar(100) NOT NULL,
        -- a grant names the record and the rule version that produced it, and the year and category
        -- its credits count against for the yearly caps
        learning_record_id    bigint       REFERENCES learning_record (id),
        rule_set_id           integer      REFERENCES credit_rule_set (id),
        cap_year              smallint,
        cap_category          offering_category,
        conversion_id         bigint       REFERENCES credit_conversion (id),
        reverses_transfer_id  bigint       REFERENCES ledger_transfer (id),
        memo                  varchar(200) NOT NULL DEFAULT '',
        created_by            uuid         REFERENCES app_user (id),
        created_at            timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT ledger_transfer_distinct_accounts CHECK (from_account_id <> to_account_id),
        CONSTRAINT ledger_transfer_idempotency_key UNIQUE (idempotency_key),
        CONSTRAINT ledger_transfer_reversed_once UNIQUE (reverses_transfer_id),
        CONSTRAINT ledger_transfer_kind_shape CHECK (
          (kind = 'grant' AND learning_record_id IS NOT NULL AND rule_set_id IS NOT NULL AND cap_year IS NOT NULL
             AND cap_category IS NOT NULL AND reverses_transfer_id IS NULL AND conversion_id IS NULL)
          OR (kind = 'conversion' AND conversion_id IS NOT NULL AND reverses_transfer_id IS NULL)
          OR (kind = 'reversal' AND reverses_transfer_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX ledger_transfer_grant_once ON ledger_transfer (learning_record_id) WHERE kind = 'grant'`);
    await q.query(`CREATE INDEX ledger_transfer_conversion_idx ON ledger_transfer (conversion_id) WHERE conversion_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE ledger_entry (
        id              bigserial PRIMARY KEY,
        transfer_id     bigint      NOT NULL REFERENCES ledger_transfer (id),
        account_id      bigint      NOT NULL REFERENCES ledger_account (id),
        amount_milli    bigint      NOT NULL CHECK (amount_milli <> 0),
        balance_before  bigint      NOT NULL,
        balance_after   bigint      NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ledger_entry_arithmetic CHECK (balance_after = balance_before + amount_milli),
        CONSTRAINT ledger_entry_once UNIQUE (transfer_id, account_id)
      )`);
    await q.query(`CREATE INDEX ledger_entry_account_idx ON ledger_entry (account_id, id)`);
    await q.query(`CREATE TRIGGER ledger_transfer_append_only BEFORE UPDATE OR DELETE ON ledger_transfer FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER credit_conversion_append_only BEFORE UPDATE OR DELETE ON credit_conversion FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    // checked at commit: a transfer has exactly two entries, -amount on its source and +amount on its target
    await q.query(`
      CREATE FUNCTION ledger_transfer_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT count(*) FROM ledger_entry e
             WHERE e.transfer_id = NEW.id
               AND ((e.account_id = NEW.from_account_id AND e.amount_milli = -NEW.amount_milli)
                 OR (e.account_id = NEW.to_account_id AND e.amount_milli = NEW.amount_milli))) <> 2
           OR (SELECT count(*) FROM ledger_entry e WHERE e.transfer_id = NEW.id) <> 2 THEN
          RAISE EXCEPTION 'ledger transfer % does not balance', NEW.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER ledger_transfer_balanced AFTER INSERT ON ledger_transfer
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transfer_balanced()`);

    // credits granted per resident, year and category, kept with the grants for the yearly caps
    await q.query(`
      CREATE TABLE credit_year_total (
        resident_id    uuid              NOT NULL REFERENCES app_user (id),
        year           smallint          NOT NULL,
        category       offering_category NOT NULL,
        granted_milli  bigint            NOT NULL CHECK (granted_milli >= 0),
        CONSTRAINT credit_year_total_pkey PRIMARY KEY (resident_id, year, category)
      )`);

    // --- uploads (certificate evidence), kept in PostgreSQL so every instance serves them
    await q.query(`
      CREATE TABLE upload (
        id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id      uuid        NOT NULL REFERENCES app_user (id),
        content_type  varchar(32) NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
        size_bytes    integer     NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
        sha256        char(64)    NOT NULL,
        data          bytea       NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT upload_size_matches CHECK (octet_length(data) = size_bytes)
      )`);
    await q.query(`CREATE INDEX upload_owner_idx ON upload (owner_id, created_at DESC)`);

    // --- certification (学分认定) of external achievements
    await q.query(`CREATE TYPE certification_status AS ENUM ('pending', 'approved', 'rejected')`);
    await q.query(`
      CREATE TABLE credit_certification (
        id                  bigserial PRIMARY KEY,
        resident_id         uuid                 NOT NULL REFERENCES app_user (id),
        -- the resident's community when submitted: its admins (and those above) review it
        area_id             integer              NOT NULL REFERENCES area (id),
        rule_set_id         integer              NOT NULL,
        achievement_code    varchar(32)          NOT NULL,
        certificate_no      varchar(64)          NOT NULL CHECK (length(btrim(certificate_no)) > 0),
        -- upper-cased without spaces or dashes: the same certificate cannot be submitted twice
        certificate_key     varchar(64)          NOT NULL,
        issuer              varchar(100)         NOT NULL,
        issued_on           date                 NOT NULL,
        evidence_upload_id  uuid                 NOT NULL REFERENCES upload (id),
        status              certification_status NOT NULL DEFAULT 'pending',
        reject_reason       varchar(200),
        reviewed_by         uuid                 REFERENCES app_user (id),
        reviewed_at         timestamptz,
        learning_record_id  bigint               REFERENCES learning_record (id),
        created_at          timestamptz          NOT NULL DEFAULT now(),
        CONSTRAINT credit_certification_achievement_fkey FOREIGN KEY (rule_set_id, achievement_code)
          REFERENCES credit_achievement (rule_set_id, code),
        CONSTRAINT credit_certification_review_shape CHECK (
          (status = 'pending' AND reviewed_at IS NULL AND reject_reason IS NULL AND learning_record_id IS NULL)
          OR (status = 'approved' AND reviewed_at IS NOT NULL AND reject_reason IS NULL AND learning_record_id IS NOT NULL)
          OR (status = 'rejected' AND reviewed_at IS NOT NULL AND reject_reason IS NOT NULL AND learning_record_id IS NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX credit_certification_certificate_once ON credit_certification (certificate_key)
        WHERE status <> 'rejected'`);
    await q.query(`CREATE INDEX credit_certification_resident_idx ON credit_certification (resident_id, created_at DESC)`);
    await q.query(`CREATE INDEX credit_certification_pending_idx ON credit_certification (area_id, created_at) WHERE status = 'pending'`);

    // --- online lessons: progress measured by the server's clock, credited once
    await q.query(`
      CREATE TABLE lesson_progress (
        resident_id        uuid        NOT NULL REFERENCES app_user (id),
        lesson_id          integer     NOT NULL REFERENCES offering_lesson (id),
        -- the one playback that counts; another device starting takes over
        playback_id        uuid        NOT NULL,
        watched_seconds    integer     NOT NULL DEFAULT 0 CHECK (watched_seconds >= 0),
        last_position      integer     NOT NULL DEFAULT 0 CHECK (last_position >= 0),
        last_heartbeat_at  timestamptz NOT NULL,
        credited_at        timestamptz,
        learning_record_id bigint      REFERENCES learning_record (id),
        created_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT lesson_progress_pkey PRIMARY KEY (resident_id, lesson_id)
      )`);

    // --- transcripts, signed by the district's key, revocable
    await q.query(`
      CREATE TABLE transcript (
        id           uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
        resident_id  uuid         NOT NULL REFERENCES app_user (id),
        issued_at    timestamptz  NOT NULL,
        -- the exact signed document (canonical JSON) and its Ed25519 signature
        payload      text         NOT NULL,
        signature    text         NOT NULL,
        key_id       varchar(32)  NOT NULL,
        revoked_at   timestamptz,
        revoke_reason varchar(200),
        created_at   timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT transcript_revoke_pair CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX transcript_resident_idx ON transcript (resident_id, issued_at DESC)`);

    // 百姓学习之星: residents may keep their name out of rankings
    await q.query(`ALTER TABLE resident_profile ADD COLUMN ranking_opt_out boolean NOT NULL DEFAULT false`);
    // the few who opted out, by community: rankings subtract them instead of checking every learner
    await q.query(`CREATE INDEX resident_profile_opt_out_idx ON resident_profile (community_id) WHERE ranking_opt_out`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX resident_profile_opt_out_idx`);
    await q.query(`ALTER TABLE resident_profile DROP COLUMN ranking_opt_out`);
    await q.query(`DROP TABLE transcript`);
    await q.query(`DROP TABLE lesson_progress`);
    await q.query(`DROP TABLE credit_certification`);
    await q.query(`DROP TYPE certification_status`);
    await q.query(`DROP TABLE upload`);
    await q.query(`DROP TABLE credit_year_total`);
    await q.query(`DROP TABLE ledger_entry`);
    await q.query(`DROP TABLE ledger_transfer`);
    await q.query(`DROP FUNCTION ledger_transfer_balanced()`);
    await q.query(`DROP TYPE ledger_transfer_kind`);
    await q.query(`DROP TABLE credit_conversion`);
    await q.query(`DROP TABLE ledger_account`);
    await q.query(`DROP TYPE ledger_account_kind`);
    await q.query(`DROP TABLE partner_api_call`);
    await q.query(`DROP TABLE partner_consent`);
    await q.query(`DROP TABLE partner_offer`);
    await q.query(`DROP TABLE partner_api_key`);
    await q.query(`DROP TABLE partner`);
    await q.query(`DROP TABLE credit_achievement`);
    await q.query(`DROP TYPE achievement_kind`);
    await q.query(`DROP TABLE credit_rule`);
    await q.query(`DROP TABLE credit_rule_set`);
    await q.query(`DROP TYPE credit_rounding`);
    await q.query(`DROP TRIGGER learning_record_append_only ON learning_record`);
    await q.query(`DROP FUNCTION refuse_change()`);
    await q.query(`DROP INDEX learning_record_account_idx`);
    await q.query(`CREATE INDEX learning_record_resident_idx ON learning_record (resident_id, occurred_at DESC)`);
    await q.query(`DROP INDEX learning_record_area_time_idx`);
    await q.query(`ALTER TABLE learning_record DROP CONSTRAINT learning_record_voided_once, DROP CONSTRAINT learning_record_minutes_range`);
    await q.query(`DELETE FROM learning_record WHERE voids_id IS NOT NULL OR minutes = 0`);
    await q.query(`ALTER TABLE learning_record ADD CONSTRAINT learning_record_minutes_check CHECK (minutes > 0 AND minutes <= 1440)`);
    await q.query(`
      ALTER TABLE learning_record
        DROP COLUMN recorded_by, DROP COLUMN void_reason, DROP COLUMN voids_id,
        DROP COLUMN resident_groups, DROP COLUMN age_years, DROP COLUMN title`);
  }
}
