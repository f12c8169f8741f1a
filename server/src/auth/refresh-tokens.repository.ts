import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>) {}

  async insert(values: Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>): Promise<void> {
    await this.tokens.insert(values);
  }

  findByHash(tokenHash: string): Promise<RefreshToken | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  /** Marks a token spent; false when someone else spent it first (a reuse). */
  async spend(id: string): Promise<boolean> {
    const result = await this.tokens
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where('id = :id AND used_at IS NULL AND revoked_at IS NULL', { id })
      .execute();
    return result.affected === 1;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }
}
