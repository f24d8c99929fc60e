import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig, APP_CONFIG } from '../../config/app-config';
import { ContactsModule } from '../../contacts/contacts.module';
import { FaxController } from './fax.controller';
import { FaxService } from './fax.service';

@Module({
  imports: [
    ContactsModule,
    // Multipart callbacks in memory (multer's default storage), bounded: one document, few small fields.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.STORAGE_MAX_BYTES, files: 1, fields: 50, fieldSize: 256 * 1024, parts: 60 },
      }),
    }),
  ],
  controllers: [FaxController],
  providers: [FaxService],
})
export class FaxModule {}
