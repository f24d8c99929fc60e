import { Module } from '@nestjs/common';
import { ConsoleWebController } from './console-web.controller';

/** Serves the agents' web console at `GET /console`; its socket.io gateway lives beside it. */
@Module({ controllers: [ConsoleWebController] })
export class ConsoleWebModule {}
