import type { NextFunction, Request, Response } from 'express';
import type { TokenService } from '../auth/token.service';
import type { UsersService } from '../users/users.service';

/**
 * Guards pages outside Nest's router (the queue dashboard) for admins: a Bearer access token, or
 * HTTP Basic with an admin's e-mail and password so a browser can open the page directly.
 */
export function adminOnly(tokens: TokenService, users: UsersService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const deny = (status: number, message: string) => {
      res.setHeader('WWW-Authenticate', 'Basic realm="contact-center admin", charset="UTF-8"');
      res.status(status).json({ statusCode: status, code: status === 401 ? 'unauthenticated' : 'forbidden', message });
    };
    const [scheme, credentials] = (req.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() === 'bearer' && credentials) {
      const principal = tokens.verify(credentials);
      if (!principal) return deny(401, 'a valid access token is required');
      return principal.roles.includes('admin') ? next() : deny(403, 'this requires the role admin');
    }
    if (scheme?.toLowerCase() === 'basic' && credentials) {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      users
        .authenticate(decoded.slice(0, colon), decoded.slice(colon + 1))
        .then((user) => {
          if (!user) return deny(401, 'e-mail or password is wrong');
          return user.roles.includes('admin') ? next() : deny(403, 'this requires the role admin');
        })
        .catch(next);
      return;
    }
    deny(401, 'admin credentials are required');
  };
}
