import { Module } from '@nestjs/common';
import { CallbackTaskRepository } from './callback-task.repository';

/**
 * The callback_task table on its own, so the voice channel (which fills it), the callbacks API
 * (which empties it) and the identity merge (which moves tasks between people) share it without
 * importing each other.
 */
@Module({ providers: [CallbackTaskRepository], exports: [CallbackTaskRepository] })
export class CallbackTaskModule {}
