import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may exist without a way to log in: a WeChat or password login, a demo account, an account a
 * guardian manages for a child (GuardianBindings), or one that was closed (ResidentDataKeys). The two
 * migrations each rewrote the rule from the one before them and the later one dropped the child's
 * case; this puts both in.
 */
export class ChildAccountsLogIn1764843019500 implements MigrationInterface {
  name = 'ChildAccountsLogIn1764843019500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        DROP CONSTRAINT app_user_can_log_in,
        ADD CONSTRAINT app_user_can_log_in CHECK (wechat_openid IS NOT NULL OR username IS NOT NULL OR is_demo OR guardian_managed OR closed_at IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        DROP CONSTRAINT app_user_can_log_in,
        ADD CONSTRAINT app_user_can_log_in CHECK (wechat_openid IS NOT NULL OR username IS NOT NULL OR is_demo OR closed_at IS NOT NULL)`);
  }
}
