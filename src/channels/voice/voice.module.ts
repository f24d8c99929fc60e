import { Module } from '@nestjs/common';
import { ContactsModule } from '../../contacts/contacts.module';
import { TwilioModule } from '../twilio/twilio.module';
import { AgentBridgePolicy, AssignedAgentBridgePolicy } from './agent-bridge-policy';
import { CallbackTaskModule } from './callback-task.module';
import { VoiceController } from './voice.controller';
import { VoiceService } from './voice.service';

@Module({
  imports: [ContactsModule, TwilioModule, CallbackTaskModule],
  controllers: [VoiceController],
  // Routing replaces this binding with a policy that checks the agent holds the offer.
  providers: [VoiceService, { provide: AgentBridgePolicy, useClass: AssignedAgentBridgePolicy }],
})
export class VoiceModule {}
