import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { notFound } from '../common/domain-error';
import { locateConsoleAssets } from './console-assets';

/**
 * The console is same-origin only: scripts and styles from here, socket.io back to here, and
 * Twilio's Voice endpoints for the softphone. Blob URLs carry attachments fetched with the token.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: https://*.twilio.com",
  "connect-src 'self' https://*.twilio.com wss://*.twilio.com",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** `GET /console`: the agents' web softphone console (static files in public/console/). */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleWebController {
  private readonly assets = locateConsoleAssets();

  @Get()
  index(@Res() res: Response): void {
    this.send(res, this.assets.index);
  }

  @Get('vendor/:file')
  vendor(@Param('file') file: string, @Res() res: Response): void {
    this.send(res, this.path(`vendor/${file}`));
  }

  @Get(':file')
  file(@Param('file') file: string, @Res() res: Response): void {
    this.send(res, this.path(file));
  }

  private path(name: string): string {
    const path = this.assets.files.get(name);
    if (!path) throw notFound('console file', name);
    return path;
  }

  private send(res: Response, path: string): void {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // Revalidated on every load (ETag), so a deploy is picked up without stale modules.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path);
  }
}
