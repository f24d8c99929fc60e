import { Module } from '@nestjs/common';
import { SoftphoneController } from './softphone.controller';
import { SoftphoneService } from './softphone.service';

/** Agents' browser softphones: Twilio Voice access tokens (`POST /softphone/token`). */
@Module({ controllers: [SoftphoneController], providers: [SoftphoneService], exports: [SoftphoneService] })
export class SoftphoneModule {}
