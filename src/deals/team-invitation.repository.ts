import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';

export type InvitationStatus = 'invited' | 'accepted' | 'declined';

export interface TeamInvitation {
  id: string;
  teamId: string;
  leadId: string;
  expertId: string;
  expertName: string | null;
  role: string;
  status: InvitationStatus;
  invitedBy: string | null;
  invitedAt: Date;
  decidedAt: Date | null;
  decisionReason: string | null;
  outcome: 'won' | 'lost' | null;
  outcomeAt: Date | null;
}

/** An expert's record, counted from their invitations. */
export interface ExpertRecord {
  invited: number;
  accepted: number;
  declined: number;
  won: number;
  lost: number;
  /** Teams of open leads they are on (invited or accepted). */
  openTeams: number;
  results: { result: 'won' | 'lost'; at: Date }[];
}

export interface MailRecipient {
  name: string;
  email: string;
}

interface InvitationRow {
  id: string;
  team_id: string;
  lead_id: string;
  expert_id: string;
  expert_name: string | null;
  role: string;
  status: InvitationStatus;
  invited_by: string | null;
  invited_at: Date;
  decided_at: Date | null;
  decision_reason: string | null;
  outcome: 'won' | 'lost' | null;
  outcome_at: Date | null;
}

/** For display: the expert's name (a read of their user). */
const SELECT = `SELECT ti.*, u.name AS expert_name FROM team_invitation ti LEFT JOIN app_user u ON u.id = ti.expert_id`;

/** Proposal teams and their invitations (`proposal_team`, `team_invitation`). */
@Injectable()
export class TeamInvitationRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** The lead's team, created with its first invitation. */
  async ensureTeam(leadId: string): Promise<string> {
    const [row] = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO proposal_team (lead_id) VALUES ($1)
       ON CONFLICT (lead_id) DO UPDATE SET lead_id = EXCLUDED.lead_id RETURNING id`,
      [leadId],
    );
    return row.id;
  }

  async teamOf(leadId: string): Promise<string | null> {
    const [row] = await this.db.manager.query<{ id: string }[]>(`SELECT id FROM proposal_team WHERE lead_id = $1`, [
      leadId,
    ]);
    return row?.id ?? null;
  }

  /** Invites the expert; null when they are already invited to or on this team. */
  async invite(i: {
    teamId: string;
    leadId: string;
    expertId: string;
    role: string;
    invitedBy: string;
    at: Date;
  }): Promise<TeamInvitation | null> {
    const rows = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO team_invitation (team_id, lead_id, expert_id, role, invited_by, invited_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (lead_id, expert_id) WHERE status <> 'declined' DO NOTHING RETURNING id`,
      [i.teamId, i.leadId, i.expertId, i.role, i.invitedBy, i.at],
    );
    return rows.length === 0 ? null : this.findById(rows[0].id);
  }

  async findById(id: string, options: { lock?: boolean } = {}): Promise<TeamInvitation | null> {
    const [row] = await this.db.manager.query<InvitationRow[]>(
      `${SELECT} WHERE ti.id = $1${options.lock ? ' FOR UPDATE OF ti' : ''}`,
      [id],
    );
    return row ? toInvitation(row) : null;
  }

  /** Accepts or declines an open invitation; false when it was decided meanwhile. */
  async decide(id: string, status: 'accepted' | 'declined', reason: string | null, at: Date): Promise<boolean> {
    const [rows] = await this.db.manager.query<[{ id: string }[], number]>(
      `UPDATE team_invitation SET status = $2, decision_reason = $3, decided_at = $4
        WHERE id = $1 AND status = 'invited' RETURNING id`,
      [id, status, reason, at],
    );
    return rows.length > 0;
  }

  async forLead(leadId: string): Promise<TeamInvitation[]> {
    const rows = await this.db.manager.query<InvitationRow[]>(
      `${SELECT} WHERE ti.lead_id = $1 ORDER BY ti.invited_at, ti.id`,
      [leadId],
    );
    return rows.map(toInvitation);
  }

  /** The expert's open invitations, newest first (their console's panel). */
  async openFor(expertId: string): Promise<TeamInvitation[]> {
    const rows = await this.db.manager.query<InvitationRow[]>(
      `${SELECT} WHERE ti.expert_id = $1 AND ti.status = 'invited' ORDER BY ti.invited_at DESC, ti.id`,
      [expertId],
    );
    return rows.map(toInvitation);
  }

  /** Every accepted member's invitation records the outcome; answers the members. */
  async recordOutcome(leadId: string, outcome: 'won' | 'lost', at: Date): Promise<string[]> {
    const [rows] = await this.db.manager.query<[{ expert_id: string }[], number]>(
      `UPDATE team_invitation SET outcome = $2, outcome_at = $3
        WHERE lead_id = $1 AND status = 'accepted' AND outcome IS NULL RETURNING expert_id`,
      [leadId, outcome, at],
    );
    return rows.map((r) => r.expert_id);
  }

  /** The records of these experts (every one present, empty when never invited). */
  async records(expertIds: readonly string[]): Promise<Map<string, ExpertRecord>> {
    const result = new Map<string, ExpertRecord>(
      expertIds.map((id) => [id, { invited: 0, accepted: 0, declined: 0, won: 0, lost: 0, openTeams: 0, results: [] }]),
    );
    if (expertIds.length === 0) return result;
    // The lead's stage is read to tell open teams from closed ones.
    const rows = await this.db.manager.query<
      {
        expert_id: string;
        status: InvitationStatus;
        outcome: 'won' | 'lost' | null;
        outcome_at: Date | null;
        open: boolean;
      }[]
    >(
      `SELECT ti.expert_id, ti.status, ti.outcome, ti.outcome_at, l.maturity NOT IN ('won', 'lost') AS open
         FROM team_invitation ti JOIN lead l ON l.id = ti.lead_id WHERE ti.expert_id = ANY($1::uuid[])`,
      [expertIds],
    );
    for (const r of rows) {
      const rec = result.get(r.expert_id)!;
      rec.invited++;
      if (r.status === 'accepted') rec.accepted++;
      if (r.status === 'declined') rec.declined++;
      if (r.status !== 'declined' && r.open) rec.openTeams++;
      if (r.outcome && r.outcome_at) {
        rec[r.outcome]++;
        rec.results.push({ result: r.outcome, at: new Date(r.outcome_at) });
      }
    }
    return result;
  }

  /** A user as a mail recipient (a read of their user); null when inactive or unknown. */
  async recipient(userId: string): Promise<MailRecipient | null> {
    const [row] = await this.db.manager.query<MailRecipient[]>(
      `SELECT name, email FROM app_user WHERE id = $1 AND active`,
      [userId],
    );
    return row ?? null;
  }
}

function toInvitation(r: InvitationRow): TeamInvitation {
  return {
    id: r.id,
    teamId: r.team_id,
    leadId: r.lead_id,
    expertId: r.expert_id,
    expertName: r.expert_name,
    role: r.role,
    status: r.status,
    invitedBy: r.invited_by,
    invitedAt: new Date(r.invited_at),
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
    decisionReason: r.decision_reason,
    outcome: r.outcome,
    outcomeAt: r.outcome_at ? new Date(r.outcome_at) : null,
  };
}
