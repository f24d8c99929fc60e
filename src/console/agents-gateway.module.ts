import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ContactsModule } from '../contacts/contacts.module';
import { RoutingModule } from '../routing/routing.module';
import { AgentsGateway } from './agents.gateway';

/** The socket.io gateway of the agents' consoles: api and all roles only. */
@Module({ imports: [AuthModule, ContactsModule, RoutingModule], providers: [AgentsGateway] })
export class AgentsGatewayModule {}
