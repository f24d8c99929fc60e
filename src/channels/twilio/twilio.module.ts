import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../../attachments/attachments.module';
import { AppConfig, APP_CONFIG } from '../../config/app-config';
import { ContactsModule } from '../../contacts/contacts.module';
import { HttpTwilioMediaFetcher } from './http-twilio-media-fetcher';
import { TwilioMediaFetcher } from './twilio-media-fetcher';
import { TwilioMediaService } from './twilio-media.service';
import { TwilioSignatureGuard } from './twilio-signature.guard';

/** What voice and SMS share: the signature guard and the media download behind a port. */
@Module({
  imports: [ContactsModule, AttachmentsModule],
  providers: [
    TwilioSignatureGuard,
    TwilioMediaService,
    {
      provide: TwilioMediaFetcher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new HttpTwilioMediaFetcher({
          allowedHosts: config.TWILIO_MEDIA_HOSTS,
          ...(config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN
            ? { credentials: { username: config.TWILIO_ACCOUNT_SID, password: config.TWILIO_AUTH_TOKEN } }
            : {}),
        }),
    },
  ],
  exports: [TwilioSignatureGuard, TwilioMediaService, TwilioMediaFetcher],
})
export class TwilioModule {}
