import { Injectable, Logger } from '@nestjs/common';
import { hexSignatureMatches, phaxioSignature } from '../channels/fax/fax-signature';
import { isRecord, type ProviderFields } from '../channels/provider-fields';
import { DomainError } from '../common/domain-error';
import { AppConfig, InjectConfig } from '../config/app-config';
import { ContactMessageRepository } from '../contacts/contact-message.repository';
import { UnitOfWork } from '../database/unit-of-work';
import { ConversationService } from './conversation.service';
import {
  advance,
  combineParts,
  fromTwilioStatus,
  type OutboundStatus,
  type PartStatus,
} from './domain/delivery-status';
import { DeliveryProvider, MessageDeliveryRepository } from './message-delivery.repository';

export interface CallbackOutcome {
  /** Whether the callback named a message we sent (an unknown one changes nothing). */
  known: boolean;
  /** The message's status after the callback. */
  status?: OutboundStatus;
}

const SID = /^[A-Za-z0-9]{2,64}$/;
const field = (fields: ProviderFields, name: string): string | undefined => {
  const value = fields[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/**
 * Providers' delivery reports of what we sent: Twilio's SMS status callback and Phaxio's sent-fax
 * callback. Each names one provider message (a delivery row); its status moves forward only, and
 * the message's status follows from all its parts. A report of a message we do not know answers
 * as fine and changes nothing (a callback for another system's message, or one long gone).
 */
@Injectable()
export class DeliveryCallbacksService {
  private readonly logger = new Logger(DeliveryCallbacksService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly deliveries: MessageDeliveryRepository,
    private readonly messages: ContactMessageRepository,
    private readonly conversation: ConversationService,
    @InjectConfig() private readonly config: Pick<AppConfig, 'FAX_WEBHOOK_SECRET'>,
  ) {}

  /** Twilio's status callback (signature checked by the guard): MessageSid, MessageStatus, ErrorCode. */
  async twilioSmsStatus(fields: ProviderFields): Promise<CallbackOutcome> {
    const sid = field(fields, 'MessageSid') ?? field(fields, 'SmsSid');
    const reported = field(fields, 'MessageStatus') ?? field(fields, 'SmsStatus');
    if (!sid || !SID.test(sid)) throw invalid('MessageSid', 'MessageSid is required');
    if (!reported) throw invalid('MessageStatus', 'MessageStatus is required');
    const status = fromTwilioStatus(reported);
    const code = field(fields, 'ErrorCode');
    const detail = field(fields, 'ErrorMessage');
    const error =
      status === 'failed' ? `Twilio ${code ?? reported}${detail ? `: ${detail}` : `: message ${reported}`}` : null;
    return this.report('twilio', sid, status, error);
  }

  /** Phaxio's callback for a fax we sent, signed like the inbound one (X-Phaxio-Signature). */
  async phaxioFaxStatus(input: {
    url: string;
    signature: string | undefined;
    fields: ProviderFields;
  }): Promise<CallbackOutcome> {
    const secret = this.config.FAX_WEBHOOK_SECRET;
    if (!secret) {
      throw new DomainError('unavailable', 'fax webhooks are off until FAX_WEBHOOK_SECRET is set', [
        { field: 'FAX_WEBHOOK_SECRET', message: 'FAX_WEBHOOK_SECRET is not set' },
      ]);
    }
    const signed: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.fields)) {
      if (typeof value !== 'string') throw invalid(name, `${name} must be a single text field`);
      signed[name] = value;
    }
    if (!hexSignatureMatches(input.signature, phaxioSignature(secret, input.url, signed, []))) {
      this.logger.warn({ reason: 'signature does not match' }, 'Phaxio status callback refused');
      throw new DomainError('forbidden', 'X-Phaxio-Signature: signature does not match', [
        { field: 'X-Phaxio-Signature', message: 'signature does not match' },
      ]);
    }
    let fax: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(signed.fax ?? '');
      if (!isRecord(parsed)) throw new Error('not an object');
      fax = parsed;
    } catch {
      throw invalid('fax', 'fax must be a JSON object');
    }
    const id = typeof fax.id === 'number' || typeof fax.id === 'string' ? String(fax.id) : undefined;
    if (!id) throw invalid('fax.id', 'fax.id is required');
    const state = typeof fax.status === 'string' ? fax.status : '';
    const success = signed.success === 'true' || state === 'success';
    const failed = signed.success === 'false' || state === 'failure' || state === 'partialsuccess';
    const status: OutboundStatus | null = success ? 'delivered' : failed ? 'failed' : null;
    const recipient = Array.isArray(fax.recipients) && isRecord(fax.recipients[0]) ? fax.recipients[0] : {};
    const reason = [fax.error_message, recipient.error_message, fax.error_type, signed.message].find(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    return this.report(
      'phaxio',
      id,
      status,
      status === 'failed' ? `Phaxio: ${reason ?? 'the fax could not be sent'}` : null,
    );
  }

  private async report(
    provider: DeliveryProvider,
    providerId: string,
    status: OutboundStatus | null,
    error: string | null,
  ): Promise<CallbackOutcome> {
    return this.unitOfWork.run(async () => {
      const delivery = await this.deliveries.findByProviderId(provider, providerId);
      if (!delivery) {
        this.logger.log({ provider, providerId }, 'delivery report of a message we do not know: nothing changed');
        return { known: false };
      }
      const message = await this.messages.lockConversationMessage(delivery.messageId);
      if (!message) return { known: false };
      if (status) {
        const next = advance(delivery.status, status);
        if (next !== delivery.status)
          await this.deliveries.setStatus(delivery.id, next, next === 'failed' ? error : null);
      }
      const parts = await this.deliveries.forMessage(message.id);
      const expected = typeof message.metadata.smsParts === 'number' ? message.metadata.smsParts : parts.length;
      const statuses: PartStatus[] = parts.map((p) => ({ status: p.status, error: p.error }));
      // Parts not handed over yet count as queued: the message is not delivered before they are.
      while (statuses.length < expected) statuses.push({ status: 'queued', error: null });
      const combined = combineParts(statuses);
      await this.conversation.moveStatus(message.id, combined.status, combined.error, `provider:${provider}`);
      const after = await this.messages.findConversationMessage(message.id);
      return { known: true, ...(after && after.status !== 'received' ? { status: after.status } : {}) };
    });
  }
}

function invalid(name: string, message: string): DomainError {
  return new DomainError('validation_failed', message, [{ field: name, message }]);
}
