import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id password hashes. */
@Injectable()
export class PasswordHasher {
  /** A hash of nothing in particular, verified against when the user does not exist, so that
   * "no such user" and "wrong password" take the same time. */
  private decoy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash) {
      this.decoy ??= this.hash('decoy-password-for-timing');
      await argon2.verify(await this.decoy, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }
}
