import { ROLES } from '../common/protocol.mjs';
import type { Language, Medium, SalesChannel } from '../contacts/contact.types';

/** Shared with the web console: src/common/protocol.mjs. */
export { ROLES };
export type Role = (typeof ROLES)[number];

/** What an agent can serve; an empty list means "any". */
export interface UserSkills {
  languages?: Language[];
  productLines?: string[];
  channels?: SalesChannel[];
  media?: Medium[];
}

/** A user as the service works with it (the password hash stays in the repository). */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  skills: UserSkills;
  active: boolean;
  createdAt: Date;
  /** Logins are refused until then, after too many failures; null (or past): not locked. */
  lockedUntil: Date | null;
}

/** What a new user is made of; e-mail already normalised, password already hashed. */
export interface NewUser {
  email: string;
  passwordHash: string;
  name: string;
  roles: Role[];
  skills: UserSkills;
}

/** The columns an update may change. */
export type UserPatch = Partial<Pick<NewUser, 'passwordHash' | 'name' | 'roles' | 'skills'>> & { active?: boolean };
