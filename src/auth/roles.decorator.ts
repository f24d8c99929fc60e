import { SetMetadata } from '@nestjs/common';
import type { Role } from '../users/user.types';

export const REQUIRED_ROLES = 'auth:roles';

/** Restricts a route to users holding at least one of these roles (admins pass everywhere). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
