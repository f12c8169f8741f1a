import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lesson's video may also be a file the portal serves itself under /media/ (the demo's lesson
 * videos, kept in the repository so the quick start plays real videos without any other server).
 * Teachers still give https addresses only: the API's validation is unchanged.
 */
export class PortalMedia1764660000000 implements MigrationInterface {
  name = 'PortalMedia1764660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE offering_lesson DROP CONSTRAINT offering_lesson_video_url_check`);
    await q.query(
      `ALTER TABLE offering_lesson ADD CONSTRAINT offering_lesson_video_url_check
         CHECK (video_url ~ '^https://' OR video_url ~ '^/media/[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\\.mp4$')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE offering_lesson DROP CONSTRAINT offering_lesson_video_url_check`);
    await q.query(`ALTER TABLE offering_lesson ADD CONSTRAINT offering_lesson_video_url_check CHECK (video_url ~ '^https://')`);
  }
}
