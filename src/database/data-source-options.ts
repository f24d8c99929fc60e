import type { DataSourceOptions } from 'typeorm';
import { Contact } from '../contacts/contact.entity';
import { ProductLine } from '../catalog/product-line.entity';
import { Customer } from '../identity/customer.entity';
import { Person } from '../identity/person.entity';
import { OutboxMessage } from '../outbox/outbox.entity';
import { TimelineEvent } from '../timeline/timeline-event.entity';
import { User } from '../users/user.entity';
import { InitialSchema1764180000000 } from './migrations/1764180000000-InitialSchema';
import { Attachments1764190000000 } from './migrations/1764190000000-Attachments';
import { ContactMessages1764200000000 } from './migrations/1764200000000-ContactMessages';
import { CallbackTasks1764305000000 } from './migrations/1764305000000-CallbackTasks';
import { CallbackTask } from '../channels/voice/callback-task.entity';
import { ContactAcknowledgement1764290000000 } from './migrations/1764290000000-ContactAcknowledgement';
import { ContactMessage } from '../contacts/contact-message.entity';
import { Attachment } from '../attachments/attachment.entity';

import { PersonMerge1764500000000 } from './migrations/1764500000000-PersonMerge';
import { DurableTimers1764600000000 } from './migrations/1764600000000-DurableTimers';
import { DeriveAssignedAgent1764700000000 } from './migrations/1764700000000-DeriveAssignedAgent';
import { LoginLock1764800000000 } from './migrations/1764800000000-LoginLock';
import { WorkDoneAndMailSends1764900000000 } from './migrations/1764900000000-WorkDoneAndMailSends';
import { ConversationMessages1765000000000 } from './migrations/1765000000000-ConversationMessages';
import { WorkingContacts1765020000000 } from './migrations/1765020000000-WorkingContacts';
import { CustomerSearch1765030000000 } from './migrations/1765030000000-CustomerSearch';
import { Replies1765010000000 } from './migrations/1765010000000-Replies';
import { DealLifecycle1765040000000 } from './migrations/1765040000000-DealLifecycle';
import { ProposalTeams1765041000000 } from './migrations/1765041000000-ProposalTeams';
import { BackOffice1765042000000 } from './migrations/1765042000000-BackOffice';
import { PostgresOnlyRuntime1765050000000 } from './migrations/1765050000000-PostgresOnlyRuntime';
import { OutboundSmsLookup1765060000000 } from './migrations/1765060000000-OutboundSmsLookup';
import { Campaigns1765100000000 } from './migrations/1765100000000-Campaigns';
import { CampaignInvitations1765210000000 } from './migrations/1765210000000-CampaignInvitations';
import { BusinessHours1765300000000 } from './migrations/1765300000000-BusinessHours';
import { Reports1765400000000 } from './migrations/1765400000000-Reports';
import { ContactListIndexes1765500000000 } from './migrations/1765500000000-ContactListIndexes';
import { TargetSegments1765600000000 } from './migrations/1765600000000-TargetSegments';
import { ReportContactFacts1765700000000 } from './migrations/1765700000000-ReportContactFacts';
import { AssignmentCustomerKey1765740000000 } from './migrations/1765740000000-AssignmentCustomerKey';
import { ContactPhoneSearch1765800000000 } from './migrations/1765800000000-ContactPhoneSearch';
import { ReportWaitRollup1765900000000 } from './migrations/1765900000000-ReportWaitRollup';
import { TeamReportIndexes1765910000000 } from './migrations/1765910000000-TeamReportIndexes';
import { LeadContactArrival1765910000001 } from './migrations/1765910000001-LeadContactArrival';
import { ReportCohortDays1765920000000 } from './migrations/1765920000000-ReportCohortDays';
import { RoutingRuntime1764400000000 } from './migrations/1764400000000-RoutingRuntime';
import { AgentProfile } from '../routing/agents/agent-profile.entity';
import { Offer } from '../routing/offers/offer.entity';
import { Assignment } from '../routing/offers/assignment.entity';
import { ChannelMatrixVersion } from '../routing/matrix/channel-matrix.entity';
import { Lead } from '../routing/leads/lead.entity';
import { Handoff } from '../routing/leads/handoff.entity';
import { Partner } from '../routing/partners/partner.entity';

export const entities = [
  Contact,
  Customer,
  Person,
  User,
  ProductLine,
  TimelineEvent,
  OutboxMessage,
  Attachment,
  ContactMessage,
  CallbackTask,
  AgentProfile,
  Offer,
  Assignment,
  ChannelMatrixVersion,
  Lead,
  Handoff,
  Partner,
];
export const migrations = [
  InitialSchema1764180000000,
  Attachments1764190000000,
  ContactMessages1764200000000,
  ContactAcknowledgement1764290000000,
  CallbackTasks1764305000000,
  RoutingRuntime1764400000000,
  PersonMerge1764500000000,
  DurableTimers1764600000000,
  DeriveAssignedAgent1764700000000,
  LoginLock1764800000000,
  WorkDoneAndMailSends1764900000000,
  ConversationMessages1765000000000,
  WorkingContacts1765020000000,
  CustomerSearch1765030000000,
  Replies1765010000000,
  DealLifecycle1765040000000,
  ProposalTeams1765041000000,
  BackOffice1765042000000,
  PostgresOnlyRuntime1765050000000,
  OutboundSmsLookup1765060000000,
  Campaigns1765100000000,
  CampaignInvitations1765210000000,
  BusinessHours1765300000000,
  Reports1765400000000,
  ContactListIndexes1765500000000,
  TargetSegments1765600000000,
  ReportContactFacts1765700000000,
  AssignmentCustomerKey1765740000000,
  ContactPhoneSearch1765800000000,
  ReportWaitRollup1765900000000,
  TeamReportIndexes1765910000000,
  LeadContactArrival1765910000001,
  ReportCohortDays1765920000000,
];

/** Bounds that keep a request from hanging while PostgreSQL is unreachable or stuck. */
export interface DatabaseTimeouts {
  /** Longest wait for a pooled connection (pg-pool `connectionTimeoutMillis`), ms. */
  connectTimeoutMs: number;
  /** Server-side `statement_timeout` (0 = none) and, a little later, pg's client-side `query_timeout`, ms. */
  statementTimeoutMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectTimeoutMs: 5000, statementTimeoutMs: 15_000 };

/** The schema comes from migrations only: `synchronize` stays off everywhere. */
export function dataSourceOptions(
  url: string,
  timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS,
  poolSize = 10,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    extra: {
      max: poolSize,
      application_name: 'contact-center',
      // Units of work at READ COMMITTED rely on it being the session's default, whatever the server's.
      options: '-c default_transaction_isolation=read\\ committed',
      connectionTimeoutMillis: timeouts.connectTimeoutMs,
      ...(timeouts.statementTimeoutMs > 0
        ? {
            statement_timeout: timeouts.statementTimeoutMs,
            // The server cancels first; this catches a server that no longer answers at all.
            query_timeout: timeouts.statementTimeoutMs + 5000,
          }
        : {}),
    },
  };
}
