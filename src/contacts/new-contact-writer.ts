import type { JsonObject } from '../common/json';
import type { JobPayloads, OutboxJobName } from '../queues/job-catalogue';
import type { ContactRecord } from './contact.repository';
import type { InboundContact } from './contact.types';

/** A job a new contact starts, written to the outbox with it. */
export interface DraftJob<N extends OutboxJobName = OutboxJobName> {
  name: N;
  payload: JobPayloads[N];
}

/**
 * A new contact as intake decided to store it: its id (chosen here, so its event and jobs can name
 * it before it exists), the inbound contact, its first timeline event and the jobs it starts.
 */
export interface NewContactDraft {
  id: string;
  inbound: InboundContact;
  event: { type: string; actor: string; data: JsonObject };
  jobs: DraftJob[];
}

/** What became of a draft: stored now, or an earlier delivery of its provider id found instead. */
export interface NewContactOutcome {
  contact: ContactRecord;
  created: boolean;
  /** Set when the provider id had gone to a follow-up message of `contact`. */
  messageId?: string;
}

/**
 * Stores a new contact with its event and jobs, atomically, answering once committed; a draft
 * whose provider id is already stored (as a contact or a follow-up message) stores nothing and
 * answers what the earlier delivery stored. A port: bound to BatchedContactWriter (group commit);
 * service specs use FakeNewContactWriter (test/fakes).
 */
export abstract class NewContactWriter {
  abstract write(draft: NewContactDraft): Promise<NewContactOutcome>;
}
