import { Global, Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { BlobStorage } from './blob-storage';
import { FilesystemBlobStorage } from './filesystem-blob-storage';

/** Binds the BlobStorage port to the filesystem (swap the provider for object storage). */
@Global()
@Module({
  providers: [
    {
      provide: BlobStorage,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new FilesystemBlobStorage(resolve(config.STORAGE_DIR), config.STORAGE_MAX_BYTES),
    },
  ],
  exports: [BlobStorage],
})
export class StorageModule {}
