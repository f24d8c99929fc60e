import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ContactClassificationService } from './contact-classification.service';

@Module({
  imports: [IdentityModule],
  providers: [ContactClassificationService],
  exports: [ContactClassificationService],
})
export class RoutingModule {}
