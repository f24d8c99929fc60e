import type { Request } from 'express';
import type { Role } from '../users/user.types';

/** What a verified access token tells about its bearer. */
export interface Principal {
  id: string;
  email: string;
  roles: Role[];
}

export interface AccessTokenClaims {
  sub: string;
  email: string;
  roles: Role[];
}

export type AuthenticatedRequest = Request & { principal?: Principal };
