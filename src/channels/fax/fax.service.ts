import { Injectable, Logger } from '@nestjs/common';
import { DomainError, FieldError } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import type { InboundAttachment } from '../../contacts/contact.types';
import { IntakeService } from '../../contacts/intake.service';
import { MetricsService } from '../../metrics/metrics.service';
import { BlobStorage, BlobTooLargeError } from '../../storage/blob-storage';
import type { ProviderFields } from '../provider-fields';
import { languageOfCalledNumber } from '../telephony/phone-party';
import { faxFilename } from './fax-document';
import { genericFaxSignatureMatches, hexSignatureMatches, phaxioSignature } from './fax-signature';
import { checkDocument, FaxDocument, readGenericFax, readJsonDocument } from './generic-fax.adapter';
import { FaxRead, readPhaxioCallback, ReceivedFax, toInboundFax } from './phaxio.adapter';

export type FaxAccepted = { id: string; status: 'received' } | { status: 'ignored'; reason: string };

/** A file part as multer (memory storage) hands it over. */
export interface UploadedPart {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export const FAX_SOURCES = { phaxio: 'phaxio', generic: 'generic-fax' } as const;

function valid<T>(read: FaxRead<T>): T {
  if (read.ok) return read.value;
  throw new DomainError('validation_failed', read.errors.map((e) => e.message).join('; '), read.errors);
}

const invalid = (field: string, message: string) =>
  new DomainError('validation_failed', message, [{ field, message } satisfies FieldError]);

/**
 * Inbound faxes. Each gateway's signature is checked before anything is read; the document's
 * bytes must be a PDF or a TIFF; the document is stored, then intake links it to a new fax contact
 * whose external id is the gateway's fax id, so a redelivered callback finds the first contact and
 * its stored copy of the document is dropped again.
 */
@Injectable()
export class FaxService {
  private readonly logger = new Logger(FaxService.name);

  constructor(
    private readonly intake: IntakeService,
    private readonly storage: BlobStorage,
    private readonly metrics: MetricsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async acceptPhaxio(input: {
    url: string;
    signature: string | undefined;
    fields: ProviderFields;
    file: UploadedPart | undefined;
  }): Promise<FaxAccepted> {
    const secret = this.secret();
    const signed: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.fields)) {
      if (typeof value !== 'string') throw invalid(name, `${name} must be a single text field`);
      signed[name] = value;
    }
    const files = input.file ? [{ fieldName: input.file.fieldname, contents: input.file.buffer }] : [];
    if (!hexSignatureMatches(input.signature, phaxioSignature(secret, input.url, signed, files))) {
      this.refuse('X-Phaxio-Signature');
    }
    const callback = valid(readPhaxioCallback(input.fields, this.regionCtx));
    if (callback.direction !== 'received') return this.ignore(callback.fax.faxId, 'not a received fax');
    if (!callback.success) return this.ignore(callback.fax.faxId, 'Phaxio could not receive the fax');
    if (!input.file) throw invalid('file', 'file (the PDF of the fax) is required');
    const document = valid(checkDocument(input.file.buffer, 'application/pdf', 'file'));
    return this.store(FAX_SOURCES.phaxio, callback.fax, document);
  }

  async acceptGeneric(input: {
    rawBody: Buffer | undefined;
    contentType: string | undefined;
    signature: string | undefined;
  }): Promise<FaxAccepted> {
    const secret = this.secret();
    const raw = input.rawBody ?? Buffer.alloc(0);
    if (!genericFaxSignatureMatches(input.signature, secret, raw)) this.refuse('X-Signature');
    const type = (input.contentType ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json') {
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw invalid('body', 'body is not valid JSON');
      }
      const fax = valid(readGenericFax(body, this.regionCtx));
      return this.store(FAX_SOURCES.generic, fax, valid(readJsonDocument(body)));
    }
    if (type === 'multipart/form-data') {
      const { metadata, document } = await this.readMultipart(raw, input.contentType!);
      return this.store(FAX_SOURCES.generic, valid(readGenericFax(metadata, this.regionCtx)), document);
    }
    throw invalid('Content-Type', 'Content-Type must be application/json or multipart/form-data');
  }

  /** Multipart: a `metadata` field (JSON) and a `document` file part; parsed by the platform's FormData. */
  private async readMultipart(raw: Buffer, contentType: string): Promise<{ metadata: unknown; document: FaxDocument }> {
    let form: FormData;
    try {
      form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw invalid('body', 'body is not a well-formed multipart/form-data body');
    }
    const metadataText = form.get('metadata');
    if (typeof metadataText !== 'string') throw invalid('metadata', 'metadata (a JSON text field) is required');
    let metadata: unknown;
    try {
      metadata = JSON.parse(metadataText);
    } catch {
      throw invalid('metadata', 'metadata must be JSON');
    }
    const part = form.get('document');
    if (part === null || typeof part === 'string') throw invalid('document', 'document (a file part) is required');
    const bytes = Buffer.from(await part.arrayBuffer());
    return { metadata, document: valid(checkDocument(bytes, part.type || undefined, 'document')) };
  }

  private async store(source: string, fax: ReceivedFax, document: FaxDocument): Promise<FaxAccepted> {
    let blob;
    try {
      blob = await this.storage.put(document.bytes);
    } catch (error) {
      if (error instanceof BlobTooLargeError)
        throw invalid('document', `the document is larger than ${error.limitBytes} bytes`);
      throw error;
    }
    const attachment: InboundAttachment = {
      kind: 'fax_document',
      filename: faxFilename(fax.faxId, document.contentType),
      contentType: document.contentType,
      blob,
    };
    const language = languageOfCalledNumber(
      fax.to,
      this.config.VOICE_LANGUAGE_BY_NUMBER,
      this.config.VOICE_DEFAULT_LANGUAGE,
    );
    const { contact, created } = await this.intake.accept(toInboundFax(source, fax, attachment, language));
    if (created) {
      this.metrics.contactsReceived.inc({ medium: 'fax' });
      this.logger.log({ contactId: contact.id, source, pages: fax.pages, size: blob.size }, 'fax received');
    }
    return { id: contact.id, status: 'received' };
  }

  private secret(): string {
    const secret = this.config.FAX_WEBHOOK_SECRET;
    if (!secret) {
      throw new DomainError('unavailable', 'fax webhooks are off until FAX_WEBHOOK_SECRET is set', [
        { field: 'FAX_WEBHOOK_SECRET', message: 'FAX_WEBHOOK_SECRET is not set' },
      ]);
    }
    return secret;
  }

  private refuse(header: string): never {
    this.logger.warn({ header }, 'fax webhook refused: signature does not match');
    throw new DomainError('forbidden', `${header} does not match`, [{ field: header, message: 'does not match' }]);
  }

  private ignore(faxId: string, reason: string): FaxAccepted {
    this.logger.warn({ faxId, reason }, 'fax callback ignored');
    return { status: 'ignored', reason };
  }

  private get regionCtx() {
    return { defaultRegion: this.config.DEFAULT_PHONE_REGION };
  }
}
