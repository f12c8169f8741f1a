import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

export interface NewRefreshToken {
  tokenHash: string;
  expiresAt: Date;
}

/** What spending a refresh token came to. */
export type Rotation =
  | { outcome: 'rotated'; familyId: string }
  /** the token had been spent already: someone holds a copy, and the whole family is now revoked */
  | { outcome: 'reused'; userId: string }
  /** the account changed (disabled, moved, new role) since this login: the family is now revoked */
  | { outcome: 'account-changed' }
  | { outcome: 'invalid' };

type RevokeReason = 'logout' | 'reuse' | 'account';

/**
 * Refresh tokens and their families (one family per login). Every change to a family's tokens
 * happens under the family row's lock, in one transaction: a rotation and a revocation of the same
 * family, from any process, run one after the other, never interleaved.
 */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>) {}

  /** A new login: its family and the family's first token, in one statement. */
  async startFamily(userId: string, userVersion: number, first: NewRefreshToken): Promise<string> {
    const [row] = (await this.tokens.query(
      `WITH family AS (
         INSERT INTO refresh_token_family (id, user_id, user_version) VALUES (gen_random_uuid(), $1, $2) RETURNING id
       )
       INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at)
       SELECT $1, family.id, $3, $4 FROM family
       RETURNING family_id AS "familyId"`,
      [userId, userVersion, first.tokenHash, first.expiresAt],
    )) as { familyId: string }[];
    return row.familyId;
  }

  /** Whose token this is, if it exists: read without a lock, before rotating. */
  async ownerOf(tokenHash: string): Promise<string | null> {
    const row = await this.tokens.findOne({ select: { userId: true }, where: { tokenHash } });
    return row?.userId ?? null;
  }

  /**
   * Spends a refresh token and stores the next one in its family, as one transaction under the
   * family's row lock. `accountVersion` is the owner's token_version now, or null when the account
   * may no longer log in. A token spent before is a reuse: the family is revoked, so the token that
   * won the race is dead too, since every use checks the family under the same lock.
   */
  rotate(tokenHash: string, next: NewRefreshToken, accountVersion: number | null): Promise<Rotation> {
    return this.tokens.manager.transaction(async (m) => {
      const [family] = (await m.query(
        `SELECT id, user_version AS "userVersion", revoked_at IS NOT NULL AS revoked
           FROM refresh_token_family
          WHERE id = (SELECT family_id FROM refresh_token WHERE token_hash = $1)
          FOR UPDATE`,
        [tokenHash],
      )) as { id: string; userVersion: number; revoked: boolean }[];
      if (!family || family.revoked) return { outcome: 'invalid' };
      // read after the lock: in READ COMMITTED this statement sees every rotation committed before it
      const [token] = (await m.query(
        `SELECT id, user_id AS "userId", used_at IS NOT NULL AS used, expires_at <= now() AS expired FROM refresh_token WHERE token_hash = $1`,
        [tokenHash],
      )) as { id: string; userId: string; used: boolean; expired: boolean }[];
      if (token.used) {
        await revoke(m, family.id, 'reuse');
        return { outcome: 'reused', userId: token.userId };
      }
      if (token.expired) return { outcome: 'invalid' };
      if (accountVersion === null || family.userVersion !== accountVersion) {
        await revoke(m, family.id, 'account');
        return { outcome: 'account-changed' };
      }
      await m.query(`UPDATE refresh_token SET used_at = now() WHERE id = $1`, [token.id]);
      await m.query(`INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [
        token.userId,
        family.id,
        next.tokenHash,
        next.expiresAt,
      ]);
      return { outcome: 'rotated', familyId: family.id };
    });
  }

  /** Logout: the family of this token refreshes nothing any more. An unknown token changes nothing. */
  async revokeFamilyOf(tokenHash: string): Promise<void> {
    const [row] = (await this.tokens.query(`SELECT family_id AS "familyId" FROM refresh_token WHERE token_hash = $1`, [tokenHash])) as {
      familyId: string;
    }[];
    if (row) await revoke(this.tokens.manager, row.familyId, 'logout');
  }

  /** Families revoked within the last `seconds`: their access tokens are refused until they expire. */
  async revokedSince(seconds: number): Promise<string[]> {
    const rows = (await this.tokens.query(`SELECT id FROM refresh_token_family WHERE revoked_at > now() - make_interval(secs => $1)`, [
      seconds,
    ])) as { id: string }[];
    return rows.map((r) => r.id);
  }
}

/** Takes the family row's lock (an UPDATE does), so it waits for a rotation of the family under way. */
async function revoke(m: EntityManager, familyId: string, why: RevokeReason): Promise<void> {
  await m.query(`UPDATE refresh_token_family SET revoked_at = now(), revoked_why = $2 WHERE id = $1 AND revoked_at IS NULL`, [familyId, why]);
}
