import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error';
import { ActiveUsers } from '../users/active-users';
import type { Role } from '../users/user.types';
import type { AuthenticatedRequest } from './auth.types';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';
import { TokenService } from './token.service';

/**
 * Global guard: every HTTP route needs a valid Bearer token unless marked @Public(); @Roles()
 * narrows it further. Admins hold every role.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly activeUsers: ActiveUsers,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const principal = scheme?.toLowerCase() === 'bearer' && token ? this.tokens.verify(token) : null;
    if (!principal) throw new DomainError('unauthenticated', 'a valid Bearer access token is required');
    // A token outlives a deactivation; the account's state decides.
    if (!(await this.activeUsers.isActive(principal.id))) {
      throw new DomainError('unauthenticated', 'this account is deactivated');
    }
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !principal.roles.includes('admin') && !required.some((r) => principal.roles.includes(r))) {
      throw new DomainError('forbidden', `this requires the role ${required.join(' or ')}`);
    }
    return true;
  }
}
