import { Module } from '@nestjs/common';
import { AttachmentRepository } from './attachment.repository';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';

@Module({
  controllers: [AttachmentsController],
  providers: [AttachmentsService, AttachmentRepository],
  exports: [AttachmentsService, AttachmentRepository],
})
export class AttachmentsModule {}
