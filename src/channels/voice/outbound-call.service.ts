import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import type { JsonObject } from '../../common/json';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { CampaignContactRepository } from '../../contacts/campaign-contact.repository';
import { ContactMessageRepository, OutboundMessageRecord } from '../../contacts/contact-message.repository';
import { ContactMessageFeed } from '../../contacts/contact-message-feed';
import { ContactRepository, ContactSummary } from '../../contacts/contact.repository';
import { UnitOfWork } from '../../database/unit-of-work';
import { PersonProfile, PersonRepository } from '../../identity/person.repository';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { userIdOfSoftphoneIdentity } from '../../softphone/softphone-identity';
import { TimelineRepository } from '../../timeline/timeline.repository';
import type { ProviderFields } from '../provider-fields';
import { CallbackTaskRecord, CallbackTaskRepository } from './callback-task.repository';
import { AgentDial, readOutboundCallStatus } from './outbound-call.adapter';
import { callProgressOf, decideOutboundCall, DialDecision } from './outbound-call-policy';
import { dialCustomerTwiml, dialRefusedTwiml } from './outbound-call-twiml';
import { Read, readRecordingStatus } from './voice.adapter';

const ACTOR = 'provider:twilio';
const SOURCE = 'twilio';

function valid<T>(read: Read<T>): T {
  if (read.ok) return read.value;
  throw new DomainError('validation_failed', read.errors.map((e) => e.message).join('; '), read.errors);
}

/** The number the customer reached us on, as the inbound provider named it (`To`). */
const calledNumberOf = (contact: ContactSummary | null): string | null => {
  const to = contact?.metadata.to;
  return typeof to === 'string' ? to : null;
};

/**
 * Outbound calls from the softphone: the agent's leg asks the TwiML App voice URL what to dial;
 * only what the agent owns is dialled (decideOutboundCall), anything else hears a refusal that is
 * logged with its reason. The call is an outbound `voice` message on the contact's thread, keyed by
 * the agent leg's CallSid: the dialled leg's status callbacks move it forward only
 * (queued -> sent on answer -> delivered on completion, or failed with the reason), and the
 * recording is fetched by a job and attached to it. Every callback is idempotent: a retry finds the
 * message already moved and changes nothing; a CallSid we never placed changes nothing.
 */
@Injectable()
export class OutboundCallService {
  private readonly logger = new Logger(OutboundCallService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly messages: ContactMessageRepository,
    private readonly callbackTasks: CallbackTaskRepository,
    private readonly people: PersonRepository,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    @InjectConfig() private readonly config: AppConfig,
    private readonly feed: ContactMessageFeed,
    private readonly campaignContacts: CampaignContactRepository,
  ) {}

  /** The TwiML for the agent's leg: `<Dial><Number>` to the customer, or a spoken refusal. */
  async place(dial: AgentDial): Promise<string> {
    const agentId = dial.agentIdentity ? userIdOfSoftphoneIdentity(dial.agentIdentity) : null;
    const decision = await this.unitOfWork.run(async (): Promise<DialDecision> => {
      const task =
        dial.target.kind === 'callback_task'
          ? await this.callbackTasks.lockForUpdate(dial.target.callbackTaskId)
          : null;
      const contactId =
        task?.contactId ??
        (dial.target.kind === 'contact'
          ? dial.target.contactId
          : dial.target.kind === 'campaign_target'
            ? await this.campaignContacts.currentAttempt(dial.target.campaignTargetId)
            : null);
      const contact = contactId ? await this.contacts.findSummary(contactId) : null;
      const personId = contact?.personId ?? task?.personId ?? null;
      const person = personId ? await this.people.findProfile(personId, { all: true }) : null;
      const decided = decideOutboundCall({
        agentId,
        target: dial.target,
        contact: contact
          ? {
              assignedAgentId: contact.assignedAgentId,
              phone: contact.fromPhone ?? person?.phone ?? null,
              calledNumber: calledNumberOf(contact),
            }
          : null,
        task: task ? { status: task.status, assignedAgentId: task.assignedAgentId, phone: task.phone } : null,
        doNotContact: person?.doNotContact === true,
        defaultCallerId: this.config.TWILIO_CALLER_ID ?? null,
      });
      if (decided.allowed && contact && agentId) {
        await this.record(dial, decided, { contact, task, person, agentId });
      }
      return decided;
    });
    if (!decision.allowed) {
      const facts = { refusal: decision.refusal, reason: decision.reason, agentId, target: dial.target };
      if (decision.refusal === 'no_caller_id') {
        this.logger.error({ ...facts, missing: 'TWILIO_CALLER_ID' }, 'outbound call refused: no caller ID configured');
      } else {
        this.logger.warn(facts, 'outbound call refused');
      }
      return dialRefusedTwiml(decision.reason);
    }
    this.logger.log({ agentId, target: dial.target, agentCallSid: dial.agentCallSid }, 'outbound call placed');
    return dialCustomerTwiml({ baseUrl: this.config.PUBLIC_BASE_URL, callerId: decision.callerId, to: decision.to });
  }

  /** The dialled leg's progress moves the call's message and tells the timeline, once per step. */
  async status(params: ProviderFields): Promise<void> {
    const update = valid(readOutboundCallStatus(params));
    const progress = callProgressOf(update.status);
    await this.unitOfWork.run(async () => {
      const message = await this.messages.lockOutbound(SOURCE, update.parentCallSid);
      if (!message) {
        this.logger.debug(
          { callSid: update.callSid, parentCallSid: update.parentCallSid },
          'status of an unknown call',
        );
        return;
      }
      const facts: JsonObject = { customerCallSid: update.callSid, lastCallStatus: update.status };
      if (update.durationSeconds !== undefined) facts.durationSeconds = update.durationSeconds;
      if (!progress) return this.messages.mergeMetadata(message.id, facts);
      const moved = await this.messages.advanceOutbound(message.id, progress.to, {
        error: progress.to === 'failed' ? update.status : null,
        metadata: facts,
      });
      if (!moved) return;
      this.unitOfWork.afterCommit(() => this.feed.published({ contactId: message.contactId, messageId: message.id }));
      const contact = await this.contacts.findById(message.contactId);
      await this.timeline.append({
        type: progress.event,
        actor: ACTOR,
        contactId: message.contactId,
        personId: contact?.personId ?? null,
        data: {
          messageId: message.id,
          to: message.toAddress,
          status: update.status,
          ...(update.durationSeconds !== undefined ? { durationSeconds: update.durationSeconds } : {}),
          ...(progress.to === 'failed' ? { reason: update.status } : {}),
        },
      });
      if (progress.to === 'delivered') await this.closeCallbackTask(message, contact?.personId ?? null);
    });
  }

  /** The call's recording: noted on the timeline, then fetched by a job and attached to the call. */
  async recording(params: ProviderFields): Promise<void> {
    const recording = valid(readRecordingStatus(params));
    if (recording.status === 'in-progress') return;
    await this.unitOfWork.run(async () => {
      const message = await this.messages.lockOutbound(SOURCE, recording.callSid);
      if (!message) {
        this.logger.debug({ callSid: recording.callSid }, 'recording of an unknown call');
        return;
      }
      const event = { actor: ACTOR, contactId: message.contactId };
      if (recording.status !== 'completed' || !recording.recordingUrl) {
        await this.timeline.appendOnce(
          {
            ...event,
            type: 'call.recording_failed',
            data: { messageId: message.id, recordingSid: recording.recordingSid, status: recording.status },
          },
          recording.recordingSid,
        );
        return;
      }
      const first = await this.timeline.appendOnce(
        {
          ...event,
          type: 'call.recording_available',
          data: {
            messageId: message.id,
            recordingSid: recording.recordingSid,
            recordingUrl: recording.recordingUrl,
            ...(recording.durationSeconds !== undefined ? { durationSeconds: recording.durationSeconds } : {}),
          },
        },
        recording.recordingSid,
      );
      if (!first) return;
      await this.messages.mergeMetadata(message.id, {
        recordingSid: recording.recordingSid,
        ...(recording.durationSeconds !== undefined ? { recordingDurationSeconds: recording.durationSeconds } : {}),
      });
      const url = /\.(mp3|wav)$/i.test(recording.recordingUrl)
        ? recording.recordingUrl
        : `${recording.recordingUrl}.mp3`;
      await this.jobs.enqueue(JobName.FetchTwilioMedia, {
        contactId: message.contactId,
        externalId: recording.recordingSid,
        url,
        kind: 'recording',
        medium: 'voice',
        label: `Call recording${recording.durationSeconds === undefined ? '' : ` (${recording.durationSeconds} s)`}`,
        contentType: 'audio/mpeg',
        messageId: message.id,
      });
    });
  }

  /** The call's message, the task taken by dialling it, and the `call.placed` event, once per agent leg. */
  private async record(
    dial: AgentDial,
    decision: Extract<DialDecision, { allowed: true }>,
    o: { contact: ContactSummary; task: CallbackTaskRecord | null; person: PersonProfile | null; agentId: string },
  ): Promise<void> {
    const { contact, task, agentId } = o;
    const { id: messageId, created } = await this.messages.recordOutbound({
      contactId: contact.id,
      medium: 'voice',
      source: SOURCE,
      externalId: dial.agentCallSid,
      fromAddress: decision.callerId,
      toAddress: decision.to,
      body: `Call to ${decision.to}`,
      authorId: agentId,
      metadata: { agentCallSid: dial.agentCallSid, ...(task ? { callbackTaskId: task.id } : {}) },
    });
    if (!created) return; // Twilio retried the voice URL: the call is recorded already.
    this.unitOfWork.afterCommit(() => this.feed.published({ contactId: contact.id, messageId }));
    const actor = `user:${agentId}`;
    const personId = contact.personId ?? o.person?.id ?? null;
    if (task && decision.claimTask) {
      await this.callbackTasks.update(task.id, { assignedAgentId: agentId });
      await this.timeline.append({
        type: 'callback.task_updated',
        actor,
        contactId: contact.id,
        personId,
        data: { taskId: task.id, assignedAgentId: agentId, by: 'call' },
      });
    }
    await this.timeline.append({
      type: 'call.placed',
      actor,
      contactId: contact.id,
      personId,
      data: {
        messageId,
        to: decision.to,
        callerId: decision.callerId,
        agentCallSid: dial.agentCallSid,
        ...(task ? { callbackTaskId: task.id } : {}),
      },
    });
  }

  /** A finished, answered call of a callback task closes it; an unanswered one leaves it open for another try. */
  private async closeCallbackTask(message: OutboundMessageRecord, personId: string | null): Promise<void> {
    const taskId = message.metadata.callbackTaskId;
    if (typeof taskId !== 'string') return;
    const task = await this.callbackTasks.lockForUpdate(taskId);
    if (!task || task.status !== 'open') return;
    await this.callbackTasks.update(task.id, { status: 'done', note: 'called back' });
    await this.timeline.append({
      type: 'callback.task_updated',
      actor: ACTOR,
      contactId: task.contactId,
      personId,
      data: { taskId: task.id, from: 'open', to: 'done', by: 'call', messageId: message.id },
    });
  }
}
