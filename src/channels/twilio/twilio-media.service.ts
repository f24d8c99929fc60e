import { Injectable, Logger } from '@nestjs/common';
import { AttachmentRepository } from '../../attachments/attachment.repository';
import { ContactMessageFeed } from '../../contacts/contact-message-feed';
import { ContactMessageRepository } from '../../contacts/contact-message.repository';
import { ContactRepository } from '../../contacts/contact.repository';
import { IntakeService } from '../../contacts/intake.service';
import { UnitOfWork } from '../../database/unit-of-work';
import type { TwilioMediaJob } from '../../queues/job-catalogue';
import { BlobStorage } from '../../storage/blob-storage';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { TwilioMediaFetcher } from './twilio-media-fetcher';

export type MediaOutcome = 'attached' | 'already_attached' | 'contact_missing';

const EXTENSIONS: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
  'text/vcard': 'vcf',
};

/** Content types kept as announced; anything else is stored as opaque bytes. */
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

/**
 * Fetches a provider media file and attaches it to its contact as a follow-up message (the
 * voicemail, the MMS image), through intake: the provider's id makes it once-only, so a job run
 * twice attaches one file.
 */
@Injectable()
export class TwilioMediaService {
  private readonly logger = new Logger(TwilioMediaService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly messages: ContactMessageRepository,
    private readonly timeline: TimelineRepository,
    private readonly intake: IntakeService,
    private readonly storage: BlobStorage,
    private readonly fetcher: TwilioMediaFetcher,
    private readonly attachments: AttachmentRepository,
    private readonly feed: ContactMessageFeed,
  ) {}

  async attach(job: TwilioMediaJob): Promise<MediaOutcome> {
    if (job.messageId) return this.attachToMessage(job, job.messageId);
    if (await this.messages.findByProviderId('twilio', job.externalId)) return 'already_attached';
    if (!(await this.contacts.exists(job.contactId))) return 'contact_missing';

    const media = await this.fetcher.fetch(job.url);
    const announced = [media.contentType, job.contentType].find((t) => t !== undefined && CONTENT_TYPE.test(t));
    const contentType = announced ?? (job.kind === 'recording' ? 'audio/mpeg' : 'application/octet-stream');
    const blob = await this.storage.put(media.body);
    const extension = EXTENSIONS[contentType] ?? 'bin';
    const stem = job.kind === 'recording' ? 'voicemail' : 'mms';
    const result = await this.intake.acceptFollowUp(job.contactId, {
      medium: job.medium,
      source: 'twilio',
      externalId: job.externalId,
      body: job.label,
      attachments: [
        {
          kind: job.kind,
          filename: `${stem}-${job.externalId.replace(/[^A-Za-z0-9_-]/g, '-')}.${extension}`,
          contentType,
          blob,
        },
      ],
      metadata: { mediaUrl: job.url, kind: job.kind },
    });
    this.logger.log({ contactId: job.contactId, externalId: job.externalId, size: blob.size }, 'media attached');
    return result.created ? 'attached' : 'already_attached';
  }

  /**
   * An outbound call's recording joins the call's own message on the thread (not a new inbound
   * message): once per file name, which carries the RecordingSid.
   */
  private async attachToMessage(job: TwilioMediaJob, messageId: string): Promise<MediaOutcome> {
    const message = await this.messages.findOutbound(messageId);
    if (!message || message.contactId !== job.contactId) return 'contact_missing';
    const filename = `call-${job.externalId.replace(/[^A-Za-z0-9_-]/g, '-')}.mp3`;
    if (await this.attachments.existsForMessage(messageId, filename)) return 'already_attached';
    const media = await this.fetcher.fetch(job.url);
    const contentType = [media.contentType, job.contentType].find((t) => t !== undefined && CONTENT_TYPE.test(t));
    const blob = await this.storage.put(media.body);
    const file = { kind: job.kind, filename, contentType: contentType ?? 'audio/mpeg', blob };
    try {
      const attached = await this.unitOfWork.run(async () => {
        await this.contacts.lockEvents(job.contactId);
        if (await this.attachments.existsForMessage(messageId, filename)) return false;
        await this.attachments.insertAll(job.contactId, messageId, [file]);
        await this.messages.mergeMetadata(messageId, { recordingSid: job.externalId, recordingSize: blob.size });
        await this.timeline.append({
          type: 'call.recorded',
          actor: 'system',
          contactId: job.contactId,
          data: { messageId, recordingSid: job.externalId, size: blob.size, filename },
        });
        this.unitOfWork.afterCommit(() => this.feed.published({ contactId: job.contactId, messageId }));
        return true;
      });
      if (!attached) await this.storage.remove(blob.key);
      this.logger.log({ contactId: job.contactId, messageId, size: blob.size }, 'call recording attached');
      return attached ? 'attached' : 'already_attached';
    } catch (error) {
      await this.storage.remove(blob.key).catch(() => undefined);
      throw error;
    }
  }

  /** After the last attempt: the timeline says the file could not be fetched (its URL is already there). */
  async recordFailure(job: TwilioMediaJob, reason: string): Promise<void> {
    await this.unitOfWork.run(async () => {
      if (!(await this.contacts.exists(job.contactId))) return;
      await this.timeline.append({
        type: 'media.fetch_failed',
        actor: 'system',
        contactId: job.contactId,
        data: { externalId: job.externalId, kind: job.kind, url: job.url, reason: reason.slice(0, 300) },
      });
    });
  }
}
