import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { checkHandlers } from './job-catalogue';
import { JobProcessor } from './job-processor';
import type { QueueName } from './queue.constants';

/**
 * Start-up check of the worker role: every job of the catalogue has exactly one handler, on its
 * queue. A job nobody handles would wait forever; two handlers would race. Either stops the start.
 */
@Injectable()
export class JobHandlersCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const handlers: { queue: QueueName; job: string }[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (instance instanceof JobProcessor) {
        const processor = instance as JobProcessor<QueueName>;
        for (const job of processor.handledJobs()) handlers.push({ queue: processor.queue, job });
      }
    }
    const problems = checkHandlers(handlers);
    if (problems.length > 0) throw new Error(`job handlers are incomplete: ${problems.join('; ')}`);
  }
}
