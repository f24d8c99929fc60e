import {
  checkHandlers,
  checkPayload,
  DEFAULT_JOB_OPTIONS,
  JOB_CATALOGUE,
  JOB_NAMES,
  jobIdOf,
  jobOptionsFor,
  JobPayloads,
  MAIL_JOB_ATTEMPTS,
  OutboxJobName,
  queueOf,
  SCHEDULED_JOB_OPTIONS,
} from './job-catalogue';
import { JobName, QueueName } from './queue.constants';

const contactId = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
const otherId = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const offerId = '11111111-2222-4333-8444-555555555555';

/** One valid payload of every outbox job, and a variant of it that differs in one field. */
const SAMPLES: { [N in OutboxJobName]: [JobPayloads[N], JobPayloads[N]] } = {
  [JobName.ProcessContact]: [{ contactId }, { contactId: otherId }],
  [JobName.AcknowledgeContact]: [{ contactId }, { contactId: otherId }],
  [JobName.FetchTwilioMedia]: [
    {
      contactId,
      externalId: 'RE0123',
      url: 'https://api.twilio.com/x',
      kind: 'recording',
      medium: 'voice',
      label: 'v',
    },
    { contactId, externalId: 'MM9.0', url: 'https://api.twilio.com/y', kind: 'attachment', medium: 'sms', label: 'm' },
  ],
  [JobName.DispatchContact]: [
    { contactId, cause: 'queued' },
    { contactId, cause: `after.${offerId}` },
  ],
  [JobName.DispatchAgent]: [
    { agentId: contactId, cause: `after.${offerId}` },
    { agentId: contactId, cause: 'available.1780000000000' },
  ],
  [JobName.ExpireOffer]: [{ offerId }, { offerId: otherId }],
  [JobName.PresenceGrace]: [
    { agentId: contactId, socketId: 'abc_DEF-1' },
    { agentId: contactId, socketId: 'xyz' },
  ],
  [JobName.ExpireHandoff]: [{ handoffId: contactId }, { handoffId: otherId }],
  [JobName.FollowUpLead]: [
    { leadId: contactId, followUpAt: '2026-06-01T09:00:00.000Z' },
    { leadId: contactId, followUpAt: '2026-06-02T09:00:00.000Z' },
  ],
  [JobName.SendRoutingMail]: [
    { kind: 'handoff_offered', handoffId: contactId },
    { kind: 'partner_referral', leadId: contactId, cause: 'qualified.42' },
  ],
  [JobName.SendReply]: [{ messageId: contactId }, { messageId: otherId }],
  [JobName.SendDealMail]: [
    { kind: 'team_invitation', invitationId: contactId },
    { kind: 'deal_outcome', leadId: contactId, recipientId: otherId },
  ],
  [JobName.CheckBackofficeTaskDue]: [{ taskId: contactId }, { taskId: otherId }],
  [JobName.SendCampaignInvitation]: [
    { targetId: contactId, round: 1780000000000 },
    { targetId: contactId, round: 1780000000001 },
  ],
  [JobName.ConfirmSeminarRegistration]: [{ registrationId: contactId }, { registrationId: otherId }],
  [JobName.DialCampaign]: [
    { campaignId: contactId, cause: 'start.1' },
    { campaignId: contactId, cause: 'tick.2' },
  ],
};

const OUTBOX_JOBS = Object.keys(SAMPLES) as OutboxJobName[];
const SCHEDULED_JOBS = [
  JobName.CheckStalledLeads,
  JobName.ReconcilePresence,
  JobName.SupervisorHeartbeat,
  JobName.CompactReportDays,
  JobName.RollReports,
];

describe('the job catalogue', () => {
  it('has an entry for every job name, outbox or scheduled', () => {
    expect(Object.keys(JOB_CATALOGUE).sort()).toEqual([...JOB_NAMES].sort());
    expect([...OUTBOX_JOBS, ...SCHEDULED_JOBS].sort()).toEqual([...JOB_NAMES].sort());
    for (const name of OUTBOX_JOBS) expect(JOB_CATALOGUE[name].kind).toBe('outbox');
    for (const name of SCHEDULED_JOBS) expect(JOB_CATALOGUE[name].kind).toBe('scheduled');
  });

  it('accepts every sample payload', () => {
    for (const name of OUTBOX_JOBS)
      for (const payload of SAMPLES[name]) expect(checkPayload(name, payload).ok).toBe(true);
  });

  describe('job ids', () => {
    it.each(OUTBOX_JOBS)('%s: the same payload always gives the same id, another payload another', (name) => {
      const [one, other] = SAMPLES[name];
      expect(jobIdOf(name, one)).toBe(jobIdOf(name, structuredClone(one)));
      expect(jobIdOf(name, other)).not.toBe(jobIdOf(name, one));
    });

    it.each(OUTBOX_JOBS)('%s: the id depends on the payload only, not on the time it is built', (name) => {
      const [one] = SAMPLES[name];
      const before = jobIdOf(name, one);
      const now = jest.spyOn(Date, 'now').mockReturnValue(0);
      try {
        expect(jobIdOf(name, one)).toBe(before);
      } finally {
        now.mockRestore();
      }
    });

    it('keeps the shapes other parts of the system and the operators rely on', () => {
      expect(jobIdOf(JobName.DispatchContact, { contactId, cause: 'queued' })).toBe(
        `routing.dispatch-contact.${contactId}.queued`,
      );
      expect(jobIdOf(JobName.DispatchAgent, { agentId: contactId, cause: `after.${offerId}` })).toBe(
        `routing.dispatch-agent.${contactId}.after.${offerId}`,
      );
      const followUpAt = '2026-06-01T09:00:00.000Z';
      expect(jobIdOf(JobName.FollowUpLead, { leadId: contactId, followUpAt })).toBe(
        `routing.lead-follow-up.${contactId}.${new Date(followUpAt).getTime()}`,
      );
      expect(jobIdOf(JobName.ProcessContact, { contactId })).toBe(`contact.process.${contactId}`);
      expect(jobIdOf(JobName.AcknowledgeContact, { contactId })).toBe(`contact.acknowledge.${contactId}`);
      expect(jobIdOf(JobName.FetchTwilioMedia, SAMPLES[JobName.FetchTwilioMedia][0])).toBe('twilio.media.RE0123');
    });

    it('names one follow-up instant by one id, whatever offset it is written with', () => {
      expect(jobIdOf(JobName.FollowUpLead, { leadId: contactId, followUpAt: '2026-06-01T18:00:00+09:00' })).toBe(
        jobIdOf(JobName.FollowUpLead, { leadId: contactId, followUpAt: '2026-06-01T09:00:00.000Z' }),
      );
    });
  });

  describe('checkPayload', () => {
    const problem = (name: JobName, data: unknown) => {
      const checked = checkPayload(name, data);
      if (checked.ok) throw new Error('expected a refusal');
      return checked.problem;
    };

    it('refuses a missing id, naming the field', () => {
      expect(problem(JobName.ProcessContact, {})).toMatch(/^contactId: /);
      expect(problem(JobName.ExpireOffer, { contactId })).toMatch(/^offerId: /);
    });

    it('refuses a malformed id, naming the field', () => {
      expect(problem(JobName.AcknowledgeContact, { contactId: 'not-a-uuid' })).toMatch(/^contactId: /);
      expect(problem(JobName.DispatchAgent, { agentId: 42, cause: 'queued' })).toMatch(/^agentId: /);
    });

    it.each([
      ['empty', ''],
      ['with a space', 'after offer'],
      ['with a slash', 'after/1'],
      ['too long', 'x'.repeat(161)],
    ])('refuses a cause %s', (_label, cause) => {
      expect(problem(JobName.DispatchContact, { contactId, cause })).toMatch(/^cause: a cause is 1-160/);
    });

    it('refuses a payload that is not an object at all, and unknown routing mail kinds', () => {
      expect(problem(JobName.ProcessContact, null)).toMatch(/^payload: /);
      expect(problem(JobName.SendRoutingMail, { kind: 'spam', handoffId: contactId })).toMatch(/^kind: /);
    });

    it('refuses anything in the payload of a scheduled job', () => {
      expect(checkPayload(JobName.SupervisorHeartbeat, {}).ok).toBe(true);
      expect(problem(JobName.SupervisorHeartbeat, { extra: 1 })).toMatch(/extra/);
    });

    it('hands back the payload parsed', () => {
      expect(checkPayload(JobName.DispatchContact, { contactId, cause: 'queued' })).toEqual({
        ok: true,
        payload: { contactId, cause: 'queued' },
      });
    });
  });

  describe('checkHandlers', () => {
    const complete = (): { queue: QueueName; job: string }[] => JOB_NAMES.map((job) => ({ queue: queueOf(job), job }));

    it('reports nothing when every job has one handler on its queue', () => {
      expect(checkHandlers(complete())).toEqual([]);
    });

    it('reports a job with no handler', () => {
      const handlers = complete().filter((h) => h.job !== (JobName.ExpireOffer as string));
      expect(checkHandlers(handlers)).toEqual([`job ${JobName.ExpireOffer} has no handler`]);
    });

    it('reports a job with two handlers', () => {
      const handlers = [...complete(), { queue: QueueName.Mail, job: JobName.AcknowledgeContact }];
      expect(checkHandlers(handlers)).toEqual([`job ${JobName.AcknowledgeContact} has 2 handlers`]);
    });

    it('reports a handler on the wrong queue', () => {
      const handlers = complete().map((h) =>
        h.job === (JobName.ProcessContact as string) ? { ...h, queue: QueueName.Routing } : h,
      );
      expect(checkHandlers(handlers)).toEqual([`job ${JobName.ProcessContact} is handled on routing, not intake`]);
    });

    it('reports a handler for a job the catalogue does not know', () => {
      const handlers = [...complete(), { queue: QueueName.Routing, job: 'routing.teleport' }];
      expect(checkHandlers(handlers)).toEqual(['handler for unknown job routing.teleport on routing']);
    });
  });

  describe('jobOptionsFor', () => {
    const settings = { mailRetryBaseMs: 30_000 };

    it('gives mail its long retries, from the configured first delay', () => {
      expect(jobOptionsFor(JobName.AcknowledgeContact, settings)).toMatchObject({
        attempts: MAIL_JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: 30_000 },
      });
      expect(MAIL_JOB_ATTEMPTS).toBeGreaterThan(DEFAULT_JOB_OPTIONS.attempts!);
    });

    it('gives other jobs the defaults, scheduled jobs no retries, and unknown names the defaults', () => {
      expect(jobOptionsFor(JobName.DispatchContact, settings)).toEqual(DEFAULT_JOB_OPTIONS);
      expect(jobOptionsFor(JobName.SupervisorHeartbeat, settings)).toEqual(SCHEDULED_JOB_OPTIONS);
      expect(jobOptionsFor('nobody.knows', settings)).toEqual(DEFAULT_JOB_OPTIONS);
    });
  });
});
