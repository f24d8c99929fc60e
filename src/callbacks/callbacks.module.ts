import { Module } from '@nestjs/common';
import { CallbackTasksController } from './callback-tasks.controller';
import { CallbackTasksService } from './callback-tasks.service';

@Module({ controllers: [CallbackTasksController], providers: [CallbackTasksService] })
export class CallbacksModule {}
