import { Injectable, Logger } from '@nestjs/common';
import { MicroBatcher } from '../common/micro-batcher';
import { AppConfig, InjectConfig } from '../config/app-config';
import { checkPayload, jobIdOf, queueOf } from '../queues/job-catalogue';
import { ContactIntakeRepository, IntakeJobRow, IntakeRow } from './contact-intake.repository';
import { ContactMessageRepository } from './contact-message.repository';
import { ContactRepository } from './contact.repository';
import { NewContactDraft, NewContactOutcome, NewContactWriter } from './new-contact-writer';

/** SQLSTATE classes of a row PostgreSQL refused (data exception, integrity constraint). */
const ROW_ERROR = /^(22|23)/;

const rowOf = (d: NewContactDraft): IntakeRow => ({
  id: d.id,
  medium: d.inbound.medium,
  source: d.inbound.source,
  externalId: d.inbound.externalId ?? null,
  requestHash: d.inbound.requestHash ?? null,
  inquiryType: d.inbound.inquiryType,
  language: d.inbound.language,
  fromName: d.inbound.from.name ?? null,
  fromEmail: d.inbound.from.email ?? null,
  fromPhone: d.inbound.from.phone ?? null,
  fromCompany: d.inbound.from.company ?? null,
  subject: d.inbound.subject ?? null,
  body: d.inbound.body,
  productLine: d.inbound.productLine ?? null,
  consent: d.inbound.consent ?? null,
  metadata: d.inbound.metadata ?? {},
  eventType: d.event.type,
  eventActor: d.event.actor,
  eventData: d.event.data,
});

function jobRowsOf(d: NewContactDraft): IntakeJobRow[] {
  return d.jobs.map((job) => {
    const checked = checkPayload(job.name, job.payload);
    // A payload the catalogue refuses is a bug in the caller: fail loudly, store nothing.
    if (!checked.ok) throw new Error(`job ${job.name}: ${checked.problem}`);
    return {
      contactId: d.id,
      queue: queueOf(job.name),
      jobName: job.name,
      jobId: jobIdOf(job.name, checked.payload),
      payload: checked.payload,
    };
  });
}

/**
 * Group commit for intake: drafts arriving within INTAKE_BATCH_WINDOW_MS of each other go to
 * PostgreSQL together, as one statement and one commit (ContactIntakeRepository), and each caller
 * gets its answer once that commit is done, so a provider still hears 2xx only for a stored
 * contact. The commit (fsync) is what bounds intake: this pays one per batch instead of one per
 * request. A batch PostgreSQL refuses for one bad row is written again row by row, so only that
 * row's caller fails.
 */
@Injectable()
export class BatchedContactWriter extends NewContactWriter {
  private readonly logger = new Logger(BatchedContactWriter.name);
  private readonly batcher: MicroBatcher<NewContactDraft, NewContactOutcome>;

  constructor(
    private readonly intake: ContactIntakeRepository,
    private readonly contacts: ContactRepository,
    private readonly messages: ContactMessageRepository,
    @InjectConfig() config: AppConfig,
  ) {
    super();
    this.batcher = new MicroBatcher((drafts) => this.flush(drafts), {
      windowMs: config.INTAKE_BATCH_WINDOW_MS,
      maxSize: config.INTAKE_BATCH_MAX_SIZE,
      maxInFlight: config.INTAKE_BATCH_CONCURRENCY,
    });
  }

  write(draft: NewContactDraft): Promise<NewContactOutcome> {
    // Checked before batching: a bad payload fails its own caller, never a batch.
    jobRowsOf(draft);
    return this.batcher.submit(draft);
  }

  private async flush(drafts: NewContactDraft[]): Promise<(NewContactOutcome | Promise<NewContactOutcome>)[]> {
    try {
      return await this.insert(drafts);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (drafts.length === 1 || typeof code !== 'string' || !ROW_ERROR.test(code)) throw error;
      this.logger.warn({ code, drafts: drafts.length }, 'an intake batch was refused; writing its contacts one by one');
      // Each alone, so the refused one fails its own caller only.
      return drafts.map((d) => this.insert([d]).then(([outcome]) => outcome));
    }
  }

  private async insert(drafts: NewContactDraft[]): Promise<NewContactOutcome[]> {
    const outcomes = await this.intake.insertBatch(drafts.map(rowOf), drafts.flatMap(jobRowsOf));
    return Promise.all(
      outcomes.map((outcome, i) => (outcome ? Promise.resolve(outcome) : this.findEarlier(drafts[i]))),
    );
  }

  /** A draft that lost a race to a delivery committing while its statement ran: read what that stored. */
  private async findEarlier(draft: NewContactDraft): Promise<NewContactOutcome> {
    const { source, externalId } = draft.inbound;
    if (externalId) {
      const contact = await this.contacts.findByProviderId(source, externalId);
      if (contact) return { contact, created: false };
      const message = await this.messages.findByProviderId(source, externalId);
      const owner = message ? await this.contacts.findById(message.contactId) : null;
      if (message && owner) return { contact: owner, created: false, messageId: message.id };
    }
    throw new Error(`contact ${draft.id} was neither stored nor found (${source} ${externalId ?? 'no provider id'})`);
  }
}
