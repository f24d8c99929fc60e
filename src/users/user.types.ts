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
