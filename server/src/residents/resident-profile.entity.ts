import { ResidentGroup } from '@lp/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a resident binds once. Phone and ID number are stored only encrypted (`*_enc`)
 * with a keyed hash (`*_hash`) for exact lookup; neither is ever logged or listed unmasked.
 */
@Entity('resident_profile')
export class ResidentProfile {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'real_name' })
  realName: string;

  /** Keyed hash of the normalised full name (residentNameKey), for the admins' search by whole name. */
  @Column({ name: 'name_hash', type: 'char', length: 64, nullable: true })
  nameHash: string | null;

  /** Both empty once the number was moved to the account that verified it through WeChat. */
  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc: string | null;

  @Column({ name: 'phone_hash', type: 'char', length: 64, nullable: true })
  phoneHash: string | null;

  /** When WeChat's 手机号快速验证 confirmed the number; null for a number the resident typed. */
  @Column({ name: 'phone_verified_at', type: 'timestamptz', nullable: true })
  phoneVerifiedAt: Date | null;

  @Column({ name: 'id_number_enc', type: 'text', nullable: true })
  idNumberEnc: string | null;

  @Column({ name: 'id_number_hash', type: 'char', length: 64, nullable: true })
  idNumberHash: string | null;

  /** YYYY-MM-DD */
  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Column({ name: 'community_id' })
  communityId: number;

  @Column({ type: 'text', array: true })
  groups: ResidentGroup[];

  @Column({ name: 'bound_at', type: 'timestamptz' })
  boundAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
