import type { Language, Medium, SalesChannel } from '../contacts/contact.types';

export const ROLES = ['agent', 'deal_specialist', 'expert', 'backoffice', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What an agent can serve; an empty list means "any". */
export interface UserSkills {
  languages?: Language[];
  productLines?: string[];
  channels?: SalesChannel[];
  media?: Medium[];
}
