import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** Argon2id (the library's default algorithm) with its recommended memory and time costs. */
@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(stored: string | null, password: string): Promise<boolean> {
    if (!stored) {
      // Spend the same time as a real check so unknown usernames are not told apart by timing.
      await hash(password);
      return false;
    }
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  }
}
