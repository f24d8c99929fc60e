import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { GENERIC_FAX_PATH, genericFaxBodyLimit, genericFaxRawBody } from './channels/fax/fax-raw-body';
import { emailWebhookFormParserOptions } from './channels/email/email-webhook-body';
import { TokenService } from './auth/token.service';
import { targetUploadBody } from './campaigns/target-upload.middleware';
import { adminOnly } from './common/admin-basic-auth.middleware';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { InputGuardInterceptor } from './common/input-guard.interceptor';
import { inquiryCors, securityHeaders } from './common/http-hardening';
import { RedisIoAdapter } from './console/redis-io.adapter';
import { PostgresIoAdapter } from './console/postgres-io.adapter';
import { RUNTIME_PG_POOL } from './redis/redis.module';
import { createValidationPipe } from './common/validation.pipe';
import type { AppConfig } from './config/app-config';
import { QueueRegistry } from './queues/queue-registry';
import { UsersService } from './users/users.service';

/** Largest JSON or form body accepted; a web inquiry of 5,000 CJK characters is about 15 KB. */
export const BODY_LIMIT = '64kb';

/** The HTTP app of the `api` and `all` roles, configured but not yet listening. */
export async function createHttpApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    rawBody: true,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // socket.io rooms span every api process through Redis, or PostgreSQL without REDIS_URL.
  app.useWebSocketAdapter(
    config.REDIS_URL ? new RedisIoAdapter(app, config) : new PostgresIoAdapter(app, app.get(RUNTIME_PG_POOL), config),
  );
  if (config.TRUST_PROXY_HOPS > 0) app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.disable('x-powered-by');
  // helmet on every answer, errors included; CORS only for the web form (src/common/http-hardening.ts).
  app.use(securityHeaders());
  app.use('/inquiries', inquiryCors(config.CORS_ORIGINS));
  // The generic fax webhook signs its whole raw body (a document): that route reads its own body first.
  app.use(GENERIC_FAX_PATH, genericFaxRawBody(genericFaxBodyLimit(config.STORAGE_MAX_BYTES)));
  // Campaign target uploads (CSV files, 10,000-row JSON) are larger than any other body.
  app.use(targetUploadBody);
  app.useBodyParser('urlencoded', emailWebhookFormParserOptions(config));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  // body-parser fails before Nest's router; hand its errors to the same filter as everything else.
  const filter = new AllExceptionsFilter();
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    filter.catch(error, {
      getType: () => 'http',
      switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }),
    } as never);
  });
  app.useGlobalFilters(filter);
  app.useGlobalPipes(createValidationPipe());
  // Too deep, NUL, lone surrogates: refused (or cleaned on providers' webhooks) before any pipe.
  app.useGlobalInterceptors(new InputGuardInterceptor(app.get(Reflector)));

  const queues = app.get(QueueRegistry);
  const board = new ExpressAdapter();
  board.setBasePath('/admin/queues');
  createBullBoard({ queues: queues.all().map((q) => new BullMQAdapter(q)), serverAdapter: board });
  // Bull Board is an Express app of its own: it would announce itself again.
  (board.getRouter() as { disable(setting: string): void }).disable('x-powered-by');
  app.use('/admin/queues', adminOnly(app.get(TokenService), app.get(UsersService)), board.getRouter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Omnichannel sales contact center')
      .setDescription('Intake, routing and handoff of non-face-to-face sales contacts (see CONTRACT.md).')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/** The `worker` role: queues and relay, no HTTP. */
export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
  context.useLogger(context.get(Logger));
  return context;
}
