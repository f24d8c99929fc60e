import { Injectable, Logger } from '@nestjs/common';
import { BusinessCalendarSource } from '../../business-hours/business-calendar-source';
import { formatForCaller, isOpen, nextOpening } from '../../business-hours/domain/business-time';
import { Clock } from '../../common/clock';
import { DomainError, FieldError, notFound } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { ContactRecord, ContactRepository, ContactSummary } from '../../contacts/contact.repository';
import type { ContactStatus, Language } from '../../contacts/contact.types';
import { IntakeService } from '../../contacts/intake.service';
import { UnitOfWork } from '../../database/unit-of-work';
import { MetricsService } from '../../metrics/metrics.service';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { TimelineRepository } from '../../timeline/timeline.repository';
import type { ProviderFields } from '../provider-fields';
import { languageOfCalledNumber } from '../telephony/phone-party';
import { AgentBridgePolicy } from './agent-bridge-policy';
import { CallbackTaskRepository } from './callback-task.repository';
import { isFinalCallStatus, missedCallReason } from './missed-call';
import { AgentDial, readAgentDial } from './outbound-call.adapter';
import { OutboundCallService } from './outbound-call.service';
import {
  CallFacts,
  Read,
  readBridged,
  readCall,
  readCallStatus,
  readLanguage,
  readQueueExit,
  readRecordingStatus,
  readVoicemail,
  readWait,
  toInboundCall,
} from './voice.adapter';
import {
  afterHoursTwiml,
  afterQueue,
  agentBridgeTwiml,
  agentRefusedTwiml,
  emptyTwiml,
  incomingCallTwiml,
  queueExitTwiml,
  voicemailDoneTwiml,
  waitTwiml,
} from './voice-twiml';

const ACTOR = 'provider:twilio';

/** Statuses of a call contact whose caller may still be on the line. */
const WAITING_STATUSES: readonly ContactStatus[] = ['received', 'queued', 'offered', 'assigned'];

function valid<T>(read: Read<T>): T {
  if (read.ok) return read.value;
  throw new DomainError('validation_failed', read.errors.map((e) => e.message).join('; '), read.errors);
}

const notACustomer: FieldError[] = [{ field: 'From', message: 'From must be the caller, not an agent softphone' }];

/**
 * Every step of an inbound call. Each callback finds the call's contact by its CallSid (through
 * intake, so a callback that arrives first creates it), answers TwiML derived only from stored
 * facts, and records what happened in the timeline once per provider event: a retried or
 * duplicated callback answers the same and stores nothing new.
 */
@Injectable()
export class VoiceService {
  private readonly logger = new Logger(VoiceService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly callbackTasks: CallbackTaskRepository,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    private readonly intake: IntakeService,
    private readonly bridgePolicy: AgentBridgePolicy,
    private readonly metrics: MetricsService,
    @InjectConfig() private readonly config: AppConfig,
    private readonly outbound: OutboundCallService,
    private readonly businessHours: BusinessCalendarSource,
    private readonly clock: Clock,
  ) {}

  private get baseUrl(): string {
    return this.config.PUBLIC_BASE_URL;
  }

  /** `POST /webhooks/twilio/voice`: the caller becomes a contact and waits in its queue. */
  async incoming(params: ProviderFields): Promise<string> {
    const call = valid(readCall(params, this.regionCtx));
    const contact = await this.contactOf(call);
    const calendar = await this.businessHours.calendar();
    const now = this.clock.now();
    if (!isOpen(calendar, now)) {
      // Closed: the after-hours greeting, then straight to voicemail (the contact stays queued for the morning).
      const opening = nextOpening(calendar, now);
      await this.unitOfWork.run(() =>
        this.timeline.appendOnce(
          {
            type: 'call.after_hours',
            actor: ACTOR,
            contactId: contact.id,
            personId: contact.personId,
            data: { nextOpening: opening.toISOString(), timezone: calendar.timezone },
          },
          call.callSid,
        ),
      );
      return afterHoursTwiml({
        baseUrl: this.baseUrl,
        language: contact.language,
        opening: formatForCaller(calendar, opening, contact.language),
        voicemailMaxSeconds: this.config.VOICE_VOICEMAIL_MAX_SECONDS,
      });
    }
    return incomingCallTwiml({ baseUrl: this.baseUrl, contactId: contact.id, language: contact.language });
  }

  /** The enqueue wait URL: hold message, then `<Leave>` past VOICE_MAX_WAIT_SECONDS. */
  wait(params: ProviderFields, query: ProviderFields): string {
    const language = valid(readLanguage(query));
    const { queueTimeSeconds } = valid(readWait(params));
    return waitTwiml({
      language,
      queueTimeSeconds,
      maxWaitSeconds: this.config.VOICE_MAX_WAIT_SECONDS,
      holdMusicUrl: this.config.VOICE_HOLD_MUSIC_URL,
    });
  }

  /** The enqueue action: voicemail when nobody took the call, else the end of the call. */
  async queueExit(params: ProviderFields): Promise<string> {
    const exit = valid(readQueueExit(params, this.regionCtx));
    const contact = await this.contactOf(exit.call);
    const next = afterQueue(exit.result);
    await this.unitOfWork.run(() =>
      this.timeline.appendOnce(
        {
          type: next === 'voicemail' ? 'call.voicemail_offered' : 'call.queue_left',
          actor: ACTOR,
          contactId: contact.id,
          personId: contact.personId,
          data: { queueResult: exit.result, queueTimeSeconds: exit.queueTimeSeconds },
        },
        exit.call.callSid,
      ),
    );
    return queueExitTwiml({
      baseUrl: this.baseUrl,
      language: contact.language,
      result: exit.result,
      voicemailMaxSeconds: this.config.VOICE_VOICEMAIL_MAX_SECONDS,
    });
  }

  /** The voicemail `<Record action>`: note the voicemail, thank the caller. */
  async voicemail(params: ProviderFields, query: ProviderFields): Promise<string> {
    const language = valid(readLanguage(query));
    const recorded = valid(readVoicemail(params));
    const contact = await this.findByCallSid(recorded.callSid);
    if (contact && recorded.recordingSid && (recorded.durationSeconds ?? 1) > 0) {
      await this.unitOfWork.run(async () => {
        await this.contacts.lockEvents(contact.id);
        await this.timeline.appendOnce(
          {
            type: 'call.voicemail_recorded',
            actor: ACTOR,
            contactId: contact.id,
            personId: contact.personId,
            data: { recordingSid: recorded.recordingSid, durationSeconds: recorded.durationSeconds },
          },
          recorded.recordingSid!,
        );
        await this.cancelAbandonedCallback(contact);
      });
    }
    return voicemailDoneTwiml(contact?.language ?? language);
  }

  /**
   * The recording status callback. The recording's URL goes into the timeline and a job fetches
   * the file (the worker retries with backoff); the answer never waits for Twilio's media host.
   */
  async recording(params: ProviderFields): Promise<void> {
    const recording = valid(readRecordingStatus(params));
    const contact = await this.findByCallSid(recording.callSid);
    if (!contact) throw notFound('call', recording.callSid);
    if (recording.status === 'in-progress') return;
    await this.unitOfWork.run(async () => {
      await this.contacts.lockEvents(contact.id);
      if (recording.status !== 'completed' || !recording.recordingUrl) {
        await this.timeline.appendOnce(
          {
            type: 'call.recording_failed',
            actor: ACTOR,
            contactId: contact.id,
            personId: contact.personId,
            data: { recordingSid: recording.recordingSid, status: recording.status, errorCode: recording.errorCode },
          },
          recording.recordingSid,
        );
        return;
      }
      const first = await this.timeline.appendOnce(
        {
          type: 'call.recording_available',
          actor: ACTOR,
          contactId: contact.id,
          personId: contact.personId,
          data: {
            recordingSid: recording.recordingSid,
            recordingUrl: recording.recordingUrl,
            durationSeconds: recording.durationSeconds,
          },
        },
        recording.recordingSid,
      );
      if (first) {
        const url = /\.(mp3|wav)$/i.test(recording.recordingUrl)
          ? recording.recordingUrl
          : `${recording.recordingUrl}.mp3`;
        await this.jobs.enqueue(JobName.FetchTwilioMedia, {
          contactId: contact.id,
          externalId: recording.recordingSid,
          url,
          kind: 'recording',
          medium: 'voice',
          label: `Voicemail${recording.durationSeconds === undefined ? '' : ` (${recording.durationSeconds} s)`}`,
          contentType: 'audio/mpeg',
        });
      }
      await this.cancelAbandonedCallback(contact);
    });
  }

  /** The call status callback: the final status and duration; a missed call becomes a callback task. */
  async status(params: ProviderFields): Promise<void> {
    const update = valid(readCallStatus(params, this.regionCtx));
    const { call } = update;
    if (call.from.kind === 'client' || (call.direction !== undefined && call.direction !== 'inbound')) {
      this.logger.debug({ callSid: call.callSid, direction: call.direction }, 'status of a non-customer call ignored');
      return;
    }
    const contact = await this.contactOf(call);
    await this.unitOfWork.run(async () => {
      await this.contacts.lockEvents(contact.id);
      const status = update.status;
      if (!isFinalCallStatus(status)) {
        await this.timeline.appendOnce(
          { type: 'call.status', actor: ACTOR, contactId: contact.id, personId: contact.personId, data: { status } },
          status,
        );
        return;
      }
      const first = await this.timeline.appendOnce(
        {
          type: 'call.ended',
          actor: ACTOR,
          contactId: contact.id,
          personId: contact.personId,
          data: { status, durationSeconds: update.durationSeconds },
        },
        call.callSid,
      );
      if (!first) return;
      const reason = missedCallReason(status, {
        bridged: await this.timeline.hasAny(contact.id, ['call.bridged']),
        voicemail: await this.timeline.hasAny(contact.id, ['call.voicemail_recorded', 'call.recording_available']),
      });
      if (!reason) return;
      const phone = contact.fromPhone;
      await this.timeline.append({
        type: 'call.missed',
        actor: ACTOR,
        contactId: contact.id,
        personId: contact.personId,
        data: { reason, callback: phone !== null, ...(phone === null ? { why: 'the number was withheld' } : {}) },
      });
      if (phone === null) return;
      const taskId = await this.callbackTasks.createOnce({
        contactId: contact.id,
        personId: contact.personId,
        phone,
        reason,
        language: contact.language,
      });
      if (!taskId) return;
      await this.timeline.append({
        type: 'callback.task_created',
        actor: 'system',
        contactId: contact.id,
        personId: contact.personId,
        data: { taskId, phone, reason },
      });
      this.unitOfWork.afterCommit(() =>
        this.logger.log({ contactId: contact.id, taskId, reason }, 'missed call: callback task created'),
      );
    });
  }

  /** The `<Queue url>`: the caller is being connected to an agent. */
  async bridged(params: ProviderFields, query: ProviderFields): Promise<string> {
    const bridge = valid(readBridged(params, query));
    const contact = await this.findByCallSid(bridge.callSid);
    if (!contact) {
      this.logger.warn({ callSid: bridge.callSid }, 'bridged call has no contact');
      return emptyTwiml();
    }
    await this.unitOfWork.run(async () => {
      await this.contacts.lockEvents(contact.id);
      await this.timeline.appendOnce(
        {
          type: 'call.bridged',
          actor: ACTOR,
          contactId: contact.id,
          personId: contact.personId,
          data: {
            agentCallSid: bridge.agentCallSid,
            agentIdentity: bridge.agentIdentity,
            queueTimeSeconds: bridge.queueTimeSeconds,
          },
        },
        bridge.callSid,
      );
      await this.cancelAbandonedCallback(contact);
    });
    return emptyTwiml();
  }

  /**
   * The TwiML App voice URL. A contact whose caller is still on the line (an inbound call not yet
   * ended) is a bridge to that caller; anything else the softphone names (a contact, a callback
   * task, a campaign target) is an outbound call (OutboundCallService).
   */
  async agent(params: ProviderFields): Promise<string> {
    const dial = valid(readAgentDial(params, this.regionCtx));
    if (dial.target.kind === 'contact') {
      const contact = await this.contacts.findSummary(dial.target.contactId);
      if (contact && (await this.callerIsWaiting(contact))) return this.bridge(dial, dial.target.contactId, contact);
    }
    return this.outbound.place(dial);
  }

  /** An inbound call whose final status has not come: the caller waits in (or talks through) the queue. */
  private async callerIsWaiting(contact: ContactSummary): Promise<boolean> {
    if (contact.medium !== 'voice' || contact.source !== 'twilio') return false;
    if (!WAITING_STATUSES.includes(contact.status)) return false;
    return !(await this.timeline.hasAny(contact.id, ['call.ended']));
  }

  /** Bridges the agent to the waiting caller, when the bridge policy lets them. */
  private async bridge(dial: AgentDial, contactId: string, contact: ContactSummary): Promise<string> {
    const connect = { agentCallSid: dial.agentCallSid, agentIdentity: dial.agentIdentity, contactId };
    const decision = await this.bridgePolicy.decide({
      contactId: connect.contactId,
      contactStatus: contact.status,
      medium: contact.medium,
      assignedAgentId: contact.assignedAgentId,
      agentIdentity: connect.agentIdentity,
    });
    if (!decision.allowed) {
      this.logger.warn({ contactId: connect.contactId, reason: decision.reason }, 'agent bridge refused');
      return agentRefusedTwiml(decision.reason);
    }
    await this.unitOfWork.run(() =>
      this.timeline.appendOnce(
        {
          type: 'call.agent_connecting',
          actor: connect.agentIdentity ? `agent:${connect.agentIdentity}`.slice(0, 80) : ACTOR,
          contactId: connect.contactId,
          personId: contact.personId,
          data: { agentCallSid: connect.agentCallSid, agentIdentity: connect.agentIdentity },
        },
        connect.agentCallSid,
      ),
    );
    return agentBridgeTwiml({
      baseUrl: this.baseUrl,
      contactId: connect.contactId,
      agentIdentity: connect.agentIdentity,
    });
  }

  private get regionCtx() {
    return { defaultRegion: this.config.DEFAULT_PHONE_REGION };
  }

  private languageOf(call: CallFacts): Language {
    return languageOfCalledNumber(call.to, this.config.VOICE_LANGUAGE_BY_NUMBER, this.config.VOICE_DEFAULT_LANGUAGE);
  }

  /** The call's contact, created on the first callback that names the call. */
  private async contactOf(call: CallFacts): Promise<ContactRecord> {
    if (call.from.kind === 'client') throw new DomainError('validation_failed', notACustomer[0].message, notACustomer);
    const { contact, created } = await this.intake.accept(toInboundCall(call, this.languageOf(call)));
    if (created) {
      this.metrics.contactsReceived.inc({ medium: 'voice' });
      this.logger.log({ contactId: contact.id, callSid: call.callSid }, 'call received');
    }
    return contact;
  }

  private findByCallSid(callSid: string): Promise<ContactRecord | null> {
    return this.contacts.findByProviderId('twilio', callSid);
  }

  /** A voicemail or a bridge that arrives after the final status: the caller was not abandoned after all. */
  private async cancelAbandonedCallback(contact: ContactRecord): Promise<void> {
    const taskId = await this.callbackTasks.cancelOpenAbandoned(contact.id, 'the caller was served after all');
    if (!taskId) return;
    await this.timeline.append({
      type: 'callback.task_cancelled',
      actor: 'system',
      contactId: contact.id,
      personId: contact.personId,
      data: { taskId, reason: 'the caller left a voicemail or reached an agent' },
    });
  }
}
