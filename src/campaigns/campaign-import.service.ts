import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { isEmailAddress } from '../common/validators';
import { AppConfig, InjectConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { IdentityService } from '../identity/identity.service';
import { normalizeEmail, normalizePhone } from '../identity/normalize';
import { PersonRepository } from '../identity/person.repository';
import { JobQueue } from '../queues/job-queue';
import { JobName } from '../queues/queue.constants';
import { TimelineRepository } from '../timeline/timeline.repository';
import type { TargetImportView, TargetInputDto } from './campaign.dto';
import { CampaignRepository } from './campaign.repository';
import { CampaignTargetRepository, NewCampaignTarget } from './campaign-target.repository';
import {
  consentOf,
  decodeTargetFile,
  parseTargetCsv,
  TargetFileError,
  type TargetInputRow,
} from './import/target-file';

/** Most rows one import takes (a larger list is split by the supervisor). */
export const MAX_IMPORT_ROWS = 50_000;

interface Candidate {
  input: TargetInputRow;
  phone: string | null;
  email: string | null;
}

/**
 * Imports a campaign's targets from JSON rows or a CSV file. Each row is checked on its own
 * (consent, a usable phone for voice and SMS or e-mail for e-mail, a duplicate of an earlier row),
 * then all usable rows are matched to people and accounts by IdentityService in one pass, so an
 * imported customer is the same person as when they call in. People marked do_not_contact are kept
 * as `skipped` targets (visible in the progress); everything else skipped is only reported.
 * One unit of work: an import is stored whole or not at all.
 */
@Injectable()
export class CampaignImportService {
  private readonly logger = new Logger(CampaignImportService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly campaigns: CampaignRepository,
    private readonly targets: CampaignTargetRepository,
    private readonly identity: IdentityService,
    private readonly people: PersonRepository,
    private readonly timeline: TimelineRepository,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
    @InjectConfig() private readonly config: Pick<AppConfig, 'DEFAULT_PHONE_REGION'>,
  ) {}

  importJson(principal: Principal, campaignId: string, rows: TargetInputDto[]): Promise<TargetImportView> {
    return this.importRows(
      principal,
      campaignId,
      rows.map((r, i) => ({
        row: i + 1,
        name: r.name?.trim() || null,
        phone: r.phone?.trim() || null,
        email: r.email?.trim() || null,
        company: r.company?.trim() || null,
        language: r.language?.trim() || null,
        consent: consentOf(r.consent),
      })),
      'json',
    );
  }

  importCsv(
    principal: Principal,
    campaignId: string,
    bytes: Buffer,
    charset: string | null,
  ): Promise<TargetImportView> {
    let rows: TargetInputRow[];
    let encoding: string;
    try {
      const decoded = decodeTargetFile(bytes, charset);
      encoding = decoded.encoding;
      rows = parseTargetCsv(decoded.text);
    } catch (error) {
      if (error instanceof TargetFileError) {
        throw new DomainError('validation_failed', error.message, [{ field: error.field, message: error.message }]);
      }
      throw error;
    }
    return this.importRows(principal, campaignId, rows, `csv (${encoding})`);
  }

  private async importRows(
    principal: Principal,
    campaignId: string,
    rows: TargetInputRow[],
    source: string,
  ): Promise<TargetImportView> {
    if (rows.length > MAX_IMPORT_ROWS) {
      const message = `at most ${MAX_IMPORT_ROWS} rows per import, this one has ${rows.length}`;
      throw new DomainError('validation_failed', message, [{ field: 'targets', message }]);
    }
    const started = this.clock.nowMs();
    const at = this.clock.now();
    const result = await this.unitOfWork.run(async () => {
      const campaign = await this.campaigns.findById(campaignId, { lock: true });
      if (!campaign) throw notFound('campaign', campaignId);
      if (campaign.status === 'done') throw new DomainError('conflict', `campaign ${campaignId} is done`);
      const skipped: { row: number; reason: string }[] = [];
      const candidates: Candidate[] = [];
      const seenKeys = new Map<string, number>();
      for (const input of rows) {
        const reason = this.rowProblem(input, campaign.medium);
        if (reason) {
          skipped.push({ row: input.row, reason });
          continue;
        }
        const phone = normalizePhone(input.phone, this.config.DEFAULT_PHONE_REGION);
        const email = input.email && isEmailAddress(input.email.trim()) ? normalizeEmail(input.email) : null;
        const dupOf = (email && seenKeys.get(`e:${email}`)) || (phone && seenKeys.get(`p:${phone}`)) || null;
        if (dupOf) {
          skipped.push({ row: input.row, reason: `duplicate of row ${dupOf}` });
          continue;
        }
        if (email) seenKeys.set(`e:${email}`, input.row);
        if (phone) seenKeys.set(`p:${phone}`, input.row);
        candidates.push({ input, phone, email });
      }

      const identities = await this.identity.resolveMany(
        candidates.map((c) => ({ name: c.input.name, email: c.email, phone: c.phone, company: c.input.company })),
      );
      const personIds = identities.map((i) => i.person?.id).filter((id): id is string => Boolean(id));
      const already = await this.targets.personIdsIn(campaignId, personIds);
      const doNotContact = await this.people.doNotContactAmong(personIds);
      const rowOfPerson = new Map<string, number>();
      const fresh: NewCampaignTarget[] = [];
      candidates.forEach((c, i) => {
        const { person, customer } = identities[i];
        if (person && already.has(person.id)) {
          skipped.push({ row: c.input.row, reason: 'already a target of this campaign' });
          return;
        }
        if (person && rowOfPerson.has(person.id)) {
          skipped.push({ row: c.input.row, reason: `duplicate of row ${rowOfPerson.get(person.id)}` });
          return;
        }
        if (person) rowOfPerson.set(person.id, c.input.row);
        const dnc = person !== null && doNotContact.has(person.id);
        if (dnc) skipped.push({ row: c.input.row, reason: 'do_not_contact' });
        fresh.push({
          personId: person?.id ?? null,
          customerId: customer?.id ?? null,
          rowNumber: c.input.row,
          name: c.input.name ?? person?.name ?? null,
          phone: c.phone,
          email: c.email,
          company: c.input.company ?? customer?.name ?? null,
          language: c.input.language,
          state: dnc ? 'skipped' : 'pending',
          skipReason: dnc ? 'do_not_contact' : null,
        });
      });
      await this.targets.insertMany(campaignId, fresh, at);
      if (campaign.status === 'active' && campaign.medium === 'voice' && fresh.length > 0) {
        // New targets of a running campaign are dialled now, not at the next tick.
        await this.jobs.enqueue(JobName.DialCampaign, { campaignId, cause: `start.${at.getTime()}` });
      }
      const added = fresh.filter((t) => t.state === 'pending').length;
      skipped.sort((a, b) => a.row - b.row);
      await this.timeline.append({
        type: 'campaign.targets_imported',
        actor: principal.id,
        data: { campaignId, source, rows: rows.length, added, skipped: skipped.length },
      });
      return { added, skipped };
    });
    this.logger.log(
      {
        campaignId,
        source,
        rows: rows.length,
        added: result.added,
        skipped: result.skipped.length,
        ms: this.clock.nowMs() - started,
      },
      'campaign targets imported',
    );
    return result;
  }

  /** Why a row cannot be a target of a campaign of this medium, or null when it can. */
  private rowProblem(row: TargetInputRow, medium: 'voice' | 'email' | 'sms'): string | null {
    if (row.consent === false) return 'no consent';
    const phone = normalizePhone(row.phone, this.config.DEFAULT_PHONE_REGION);
    const email = row.email && isEmailAddress(row.email.trim()) ? row.email : null;
    if (medium === 'email') return email ? null : row.email ? 'e-mail address is not valid' : 'no e-mail address';
    if (phone) return null;
    return row.phone ? 'phone number is not valid' : 'no phone number';
  }
}
