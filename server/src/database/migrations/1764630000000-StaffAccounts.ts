import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts an admin creates or resets.
 *
 * - app_user.password_change_required: the password was handed out by someone else (a new account,
 *   a reset): until its owner picks their own, their tokens open nothing but the change-password page.
 *   Only an account with a password can be asked to change it.
 * - app_user_staff_name_idx: the staff table, sorted by name, without walking every resident.
 */
export class StaffAccounts1764630000000 implements MigrationInterface {
  name = 'StaffAccounts1764630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN password_change_required boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT app_user_password_change_has_password CHECK (NOT password_change_required OR password_hash IS NOT NULL)`);
    await q.query(`CREATE INDEX app_user_staff_name_idx ON app_user (display_name, id) WHERE role <> 'resident'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX app_user_staff_name_idx`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_password_change_has_password, DROP COLUMN password_change_required`);
  }
}
