import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { DomainError, notFound } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { ContactRepository } from '../../contacts/contact.repository';
import { IntakeService } from '../../contacts/intake.service';
import { UnitOfWork } from '../../database/unit-of-work';
import { IdentityService } from '../../identity/identity.service';
import { normalizeEmail } from '../../identity/normalize';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { CampaignProgressFeed } from '../campaign-progress.feed';
import { CampaignRecord, CampaignRepository } from '../campaign.repository';
import { CampaignTargetRecord, CampaignTargetRepository } from '../campaign-target.repository';
import { SeminarRecord, SeminarRepository } from '../seminar.repository';
import { invitationLinkSecret } from '../invitations/invitation-secret';
import { verifyInvitationToken } from '../invitations/invitation-token';
import { formatSeminarStart, registrationPage, SeminarLanguage, seminarLanguage } from './domain/seminar-texts';
import type {
  SeminarRegistrationDto,
  SeminarRegistrationsView,
  SeminarRegistrationView,
} from './seminar-registration.dto';
import { RegistrationRecord, SeminarRegistrationRepository } from './seminar-registration.repository';

/** Who registers: an invited target (by the link's token or the agent's wrap-up), or a person by name and e-mail. */
type Registrant =
  | { kind: 'target'; target: CampaignTargetRecord; campaign: CampaignRecord; language?: SeminarLanguage }
  | { kind: 'person'; name: string; email: string; company: string | null; language?: SeminarLanguage };

export interface RegistrationResult {
  registration: RegistrationRecord;
  created: boolean;
}

const invalid = (field: string, message: string) =>
  new DomainError('validation_failed', `${field} ${message}`, [{ field, message }]);

export const SEMINAR_FULL = 'seminar is full';

/**
 * Seminar registrations. One per seminar and person: a repeat (a second click, the link opened
 * twice, the agent's wrap-up after the customer already registered) answers the first
 * registration and takes no second seat. In one unit of work: the person is resolved by the
 * identity rules, a seat is taken under the seminar's row lock (SeminarRepository.takeSeat: the
 * last seat goes to exactly one registrant; the others get 409 `seminar is full`), the
 * registration is stored, a Demand Generation contact (inquiry type `seminar`) comes in through
 * intake so the lead can mature from it, and the confirmation mail is queued.
 */
@Injectable()
export class SeminarRegistrationService {
  private readonly logger = new Logger(SeminarRegistrationService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly seminars: SeminarRepository,
    private readonly registrations: SeminarRegistrationRepository,
    private readonly campaigns: CampaignRepository,
    private readonly targets: CampaignTargetRepository,
    private readonly identity: IdentityService,
    private readonly intake: IntakeService,
    private readonly contacts: ContactRepository,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    private readonly progress: CampaignProgressFeed,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: Pick<AppConfig, 'CAMPAIGN_LINK_SECRET' | 'JWT_SECRET'>,
  ) {}

  /** `POST /seminars/:id/registrations`, public: by the invitation link's token, or by name and e-mail. */
  async registerPublic(seminarId: string, dto: SeminarRegistrationDto): Promise<RegistrationResult> {
    return this.unitOfWork.run(async () => {
      const seminar = await this.seminars.findById(seminarId);
      if (!seminar) throw notFound('seminar', seminarId);
      let registrant: Registrant;
      if (dto.token !== undefined) {
        const found = await this.invitedTarget(seminar, dto.token);
        if (!found) throw invalid('token', 'is not an invitation to this seminar');
        registrant = { kind: 'target', ...found, ...(dto.language ? { language: dto.language } : {}) };
      } else {
        registrant = {
          kind: 'person',
          name: dto.name ?? '',
          email: dto.email ?? '',
          company: dto.company ?? null,
          ...(dto.language ? { language: dto.language } : {}),
        };
      }
      return this.register(seminar, registrant, 'invitation', 'customer', null);
    });
  }

  /**
   * A campaign call's wrap-up. With `seminar_registered`, the call's target is registered
   * (inside the wrap-up's unit of work; its contact is the Demand Generation contact). A full
   * seminar does not fail the wrap-up: the refusal is on the timeline. Null when the contact is
   * not a seminar campaign's.
   */
  async registerFromWrapUp(
    contactId: string,
    disposition: string,
    actor: string,
  ): Promise<{ registered: boolean; reason?: string; registrationId?: string } | null> {
    const target = await this.targets.findByContact(contactId);
    if (!target) return null;
    // Any wrap-up of a campaign call moves its progress (the dialler settles the target).
    this.unitOfWork.afterCommit(() => this.progress.changed(target.campaignId));
    if (disposition !== 'seminar_registered') return null;
    const campaign = await this.campaigns.findById(target.campaignId);
    const seminar = campaign?.seminarId ? await this.seminars.findById(campaign.seminarId) : null;
    if (!campaign || !seminar) return null;
    try {
      const { registration } = await this.register(
        seminar,
        { kind: 'target', target, campaign },
        'agent',
        actor,
        contactId,
      );
      return { registered: true, registrationId: registration.id };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'conflict') throw error;
      await this.timeline.append({
        type: 'seminar.registration_refused',
        actor,
        contactId,
        personId: target.personId,
        data: { seminarId: seminar.id, campaignId: campaign.id, targetId: target.id, reason: error.message },
      });
      return { registered: false, reason: error.message };
    }
  }

  async list(seminarId: string, limit: number, offset: number): Promise<SeminarRegistrationsView> {
    const seminar = await this.seminars.findById(seminarId);
    if (!seminar) throw notFound('seminar', seminarId);
    const rows = await this.registrations.list(seminarId, limit, offset);
    return {
      seminarId,
      title: seminar.title,
      capacity: seminar.capacity,
      registered: seminar.registered,
      registrations: rows.map((r) => {
        const { created: _, ...view } = toRegistrationView(r, false);
        return view;
      }),
    };
  }

  /** The HTML of `GET /seminars/:id/register`, in the invited target's language (or `lang`). */
  async page(
    seminarId: string,
    token: string | undefined,
    lang: SeminarLanguage | undefined,
    nonce: string,
  ): Promise<string> {
    const seminar = await this.seminars.findById(seminarId);
    if (!seminar) throw notFound('seminar', seminarId);
    const found = token ? await this.invitedTarget(seminar, token) : null;
    const language = lang ?? seminarLanguage(found?.target.language);
    return registrationPage(
      {
        id: seminar.id,
        title: seminar.title,
        startsAt: seminar.startsAt,
        timezone: found?.campaign.callingHours?.timezone ?? (await this.zoneOf(seminar)),
        seatsLeft: seminar.capacity - seminar.registered,
      },
      language,
      found && token ? { token, name: found.target.name } : null,
      nonce,
    );
  }

  private async zoneOf(seminar: SeminarRecord): Promise<string> {
    const campaign = await this.campaigns.findBySeminar(seminar.id);
    return campaign?.callingHours?.timezone ?? 'UTC';
  }

  private async invitedTarget(
    seminar: SeminarRecord,
    token: string,
  ): Promise<{ target: CampaignTargetRecord; campaign: CampaignRecord } | null> {
    const targetId = verifyInvitationToken(invitationLinkSecret(this.config), seminar.id, token);
    if (!targetId) return null;
    const target = await this.targets.findById(targetId);
    const campaign = target ? await this.campaigns.findById(target.campaignId) : null;
    if (!target || !campaign || campaign.seminarId !== seminar.id) return null;
    return { target, campaign };
  }

  private async register(
    seminar: SeminarRecord,
    registrant: Registrant,
    source: 'invitation' | 'agent',
    actor: string,
    existingContactId: string | null,
  ): Promise<RegistrationResult> {
    const facts =
      registrant.kind === 'target'
        ? {
            name: registrant.target.name,
            email: registrant.target.email,
            phone: registrant.target.phone,
            company: registrant.target.company,
          }
        : { name: registrant.name, email: normalizeEmail(registrant.email), phone: null, company: registrant.company };
    const target = registrant.kind === 'target' ? registrant.target : null;
    const campaign =
      registrant.kind === 'target' ? registrant.campaign : await this.campaigns.findBySeminar(seminar.id);
    let personId = target?.personId ?? null;
    if (!personId) {
      const resolved = await this.identity.resolve(facts);
      personId = resolved.person?.id ?? null;
    }
    if (!personId) throw invalid('email', 'is needed to register');

    await this.registrations.lockPerson(seminar.id, personId);
    const existing = await this.registrations.findByPerson(seminar.id, personId);
    if (existing) return { registration: existing, created: false };
    if (!(await this.seminars.takeSeat(seminar.id))) throw new DomainError('conflict', SEMINAR_FULL);

    const language = registrant.language ?? seminarLanguage(target?.language, 'en');
    const at = this.clock.now();
    const registration = await this.registrations.insert({
      seminarId: seminar.id,
      personId,
      campaignTargetId: target?.id ?? null,
      name: facts.name,
      email: facts.email,
      phone: facts.phone,
      language,
      source,
      at,
    });
    const contactId = existingContactId ?? (await this.demandGenerationContact(seminar, registration, facts, campaign));
    if (campaign && !existingContactId) await this.contacts.linkCampaign(contactId, campaign.id, target?.id ?? null);
    await this.registrations.setContact(registration.id, contactId);
    await this.timeline.append({
      type: 'seminar.registered',
      actor,
      contactId,
      personId,
      data: {
        seminarId: seminar.id,
        registrationId: registration.id,
        source,
        language,
        ...(campaign ? { campaignId: campaign.id } : {}),
        ...(target ? { targetId: target.id } : {}),
      },
    });
    if (facts.email) await this.jobs.enqueue(JobName.ConfirmSeminarRegistration, { registrationId: registration.id });
    this.unitOfWork.afterCommit(() => {
      this.logger.log(
        { seminarId: seminar.id, registrationId: registration.id, source, contactId },
        'seminar registration',
      );
      if (campaign) this.progress.changed(campaign.id);
    });
    return { registration: { ...registration, contactId }, created: true };
  }

  /** The registration as a contact: Demand Generation (a seminar request), on the person's timeline. */
  private async demandGenerationContact(
    seminar: SeminarRecord,
    registration: RegistrationRecord,
    from: { name: string | null; email: string | null; phone: string | null; company: string | null },
    campaign: CampaignRecord | null,
  ): Promise<string> {
    const language = seminarLanguage(registration.language);
    const when = formatSeminarStart(seminar.startsAt, language, campaign?.callingHours?.timezone ?? 'UTC');
    const { contact } = await this.intake.accept({
      medium: 'web',
      source: 'seminar',
      externalId: `registration.${registration.id}`,
      inquiryType: 'seminar',
      from: {
        ...(from.name ? { name: from.name } : {}),
        ...(from.email ? { email: from.email } : {}),
        ...(from.phone ? { phone: from.phone } : {}),
        ...(from.company ? { company: from.company } : {}),
      },
      subject: seminar.title,
      body: `Seminar registration: ${seminar.title} (${when})`,
      language,
      consent: true,
      metadata: {
        seminarId: seminar.id,
        registrationId: registration.id,
        source: registration.source,
        ...(campaign ? { campaignId: campaign.id } : {}),
      },
    });
    return contact.id;
  }
}

export function toRegistrationView(r: RegistrationRecord, created: boolean): SeminarRegistrationView {
  return {
    id: r.id,
    seminarId: r.seminarId,
    personId: r.personId,
    campaignTargetId: r.campaignTargetId,
    contactId: r.contactId,
    name: r.name,
    email: r.email,
    language: r.language,
    source: r.source,
    createdAt: new Date(r.createdAt).toISOString(),
    created,
  };
}
