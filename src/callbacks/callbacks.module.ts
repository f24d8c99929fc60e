import { Module } from '@nestjs/common';
import { CallbackTaskModule } from '../channels/voice/callback-task.module';
import { CallbackTasksController } from './callback-tasks.controller';
import { CallbackTasksService } from './callback-tasks.service';

@Module({
  imports: [CallbackTaskModule],
  controllers: [CallbackTasksController],
  providers: [CallbackTasksService],
})
export class CallbacksModule {}
