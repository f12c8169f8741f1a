import { Role } from '@lp/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Anyone who can log in: residents by WeChat, teachers and admins by password (and WeChat once linked). */
@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  @Column({ name: 'display_name' })
  displayName: string;

  @Column({ name: 'wechat_openid', type: 'varchar', nullable: true })
  wechatOpenid: string | null;

  @Column({ name: 'wechat_unionid', type: 'varchar', nullable: true })
  wechatUnionid: string | null;

  @Column({ type: 'varchar', nullable: true })
  username: string | null;

  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ name: 'school_id', type: 'integer', nullable: true })
  schoolId: number | null;

  @Column({ name: 'area_id', type: 'integer', nullable: true })
  areaId: number | null;

  @Column({ name: 'is_demo' })
  isDemo: boolean;

  /** A child's account added by a guardian (server/src/guardians): no login of its own, the guardian acts for it. */
  @Column({ name: 'guardian_managed', default: false })
  guardianManaged: boolean;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** Raised by the database whenever role, area, school, disabled or password change: older tokens are refused. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  /** A first or reset password someone else handed out: its owner must pick their own before anything else. */
  @Column({ name: 'password_change_required', default: false })
  passwordChangeRequired: boolean;

  /** 长辈模式 as the account's owner chose it; null: not chosen, the server decides from age. */
  @Column({ name: 'elder_mode', type: 'boolean', nullable: true })
  elderMode: boolean | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
