// Proposal teams of experts (DESIGN.md: experts are invited per deal; winners get more
// invitations). Two panels:
// - LeadTeamPanel, beside the pipeline: the team on the selected lead (GET /leads/:id/team) and,
//   for the lead's deal specialist or a supervisor, the experts ranked for it with their score and
//   the reason (GET /leads/:id/experts), each with an Invite button (POST /leads/:id/team).
// - InvitationsPanel, for experts: the invitations to answer (GET /experts/:id, live on the
//   `team:invitation` socket event), Accept / Decline (POST /team-invitations/:id/accept|decline),
//   and the team on each lead the expert joined.

import { api } from './api.js';
import { showLoadError } from './deal-dialog.js';
import { byId, h, replace, toast } from './dom.js';
import { errorText, formatDateTime } from './format.js';
import { STAGE_LABELS, formatAmount } from './pipeline-board.js';

/** @import { PipelineLead } from './pipeline-board.js' */
/** @import { TeamInvitationEvent } from './types.js' */

/**
 * The JSON of the proposal-team endpoints.
 * @typedef {{
 *   invitationId: string, teamId: string, leadId: string, expertId: string, expertName: string | null,
 *   role: string, status: 'invited' | 'accepted' | 'declined', invitedAt: string, decidedAt: string | null,
 *   decisionReason: string | null, outcome: string | null,
 * }} TeamMember
 * @typedef {{ teamId: string | null, leadId: string, members: TeamMember[] }} Team
 * @typedef {{
 *   expertId: string, name: string, score: number, rank: number, fit: number, winRate: number,
 *   reason: string, invitation: string | null,
 * }} RankedExpert
 * @typedef {{ expertId: string, name: string, won: number, lost: number, proposals: number, pending: TeamMember[] }} ExpertRecord
 */

const STATUS_LABELS = /** @type {Record<string, string>} */ ({
  invited: 'Invited',
  accepted: 'On the team',
  declined: 'Declined',
});

/**
 * The members of a team as list items.
 * @param {Team} team
 */
function memberItems(team) {
  if (team.members.length === 0) return [h('li', { class: 'empty', text: 'Nobody invited yet.' })];
  return team.members.map((m) =>
    h(
      'li',
      { class: `team-member status-${m.status}`, dataset: { expertId: m.expertId, status: m.status } },
      h('strong', { text: m.expertName ?? m.expertId }),
      h('span', { class: 'muted small', text: m.role }),
      h('span', { class: `badge team-status-${m.status}`, text: STATUS_LABELS[m.status] ?? m.status }),
      m.outcome ? h('span', { class: 'badge', text: m.outcome }) : null,
    ),
  );
}

export class LeadTeamPanel {
  constructor() {
    this.root = byId('lead-team-body');
    this.title = byId('lead-team-title');
    /** @type {PipelineLead | null} */
    this.lead = null;
    /** Whether the user may invite (the lead's deal specialist, a supervisor). */
    this.invites = false;
  }

  /** @param {boolean} invites */
  setInvites(invites) {
    this.invites = invites;
  }

  clear() {
    this.lead = null;
    this.title.textContent = 'Proposal team';
    replace(this.root, h('p', { class: 'empty', text: 'Open a deal on the board to see its proposal team.' }));
  }

  /** @param {PipelineLead} lead */
  async show(lead) {
    this.lead = lead;
    this.title.textContent = `Proposal team · ${lead.company || lead.summary}`;
    const team = h('ul', { class: 'team-members', id: 'lead-team-members' });
    const experts = h('ol', { class: 'ranked-experts', id: 'ranked-experts' });
    replace(
      this.root,
      h(
        'p',
        { class: 'muted small' },
        `${STAGE_LABELS[lead.maturity] ?? lead.maturity} · ${formatAmount(lead.amount)}`,
        lead.productLines.length ? ` · ${lead.productLines.join(', ')}` : '',
      ),
      h('h3', { text: 'On the lead' }),
      team,
      this.invites ? h('h3', { text: 'Experts ranked for this deal' }) : null,
      this.invites
        ? h('p', {
            class: 'muted small',
            text: 'By fit (product lines, industry), smoothed win rate and current load.',
          })
        : null,
      this.invites ? experts : null,
    );
    await Promise.all([this.loadTeam(lead, team), this.invites ? this.loadExperts(lead, experts) : null]);
  }

  /** Reads the lead's team and the ranking again (after an invitation, an answer). */
  async refresh() {
    if (this.lead) await this.show(this.lead);
  }

  /**
   * @param {PipelineLead} lead
   * @param {HTMLElement} list
   */
  async loadTeam(lead, list) {
    try {
      const team = /** @type {Team} */ (await api(`/leads/${encodeURIComponent(lead.id)}/team`));
      replace(list, ...memberItems(team));
    } catch (error) {
      showLoadError(list, 'the team', error);
    }
  }

  /**
   * @param {PipelineLead} lead
   * @param {HTMLElement} list
   */
  async loadExperts(lead, list) {
    try {
      const ranked = /** @type {RankedExpert[]} */ (await api(`/leads/${encodeURIComponent(lead.id)}/experts`));
      if (ranked.length === 0) {
        replace(list, h('li', { class: 'empty', text: 'No experts to rank.' }));
        return;
      }
      replace(list, ...ranked.map((expert) => this.expertItem(lead, expert)));
    } catch (error) {
      showLoadError(list, 'the experts', error);
    }
  }

  /**
   * @param {PipelineLead} lead
   * @param {RankedExpert} expert
   */
  expertItem(lead, expert) {
    const role = h('input', {
      name: 'role',
      value: 'solution architect',
      maxlength: 64,
      'aria-label': `Role of ${expert.name} on the team`,
    });
    const invite = h('button', { type: 'submit', class: 'primary small-button invite', text: 'Invite' });
    const form = h('form', { class: 'invite-form' }, role, invite);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      invite.disabled = true;
      api(`/leads/${encodeURIComponent(lead.id)}/team`, {
        method: 'POST',
        body: { expertId: expert.expertId, role: role.value.trim() },
      })
        .then(async () => {
          toast(`${expert.name} invited`, 'info');
          await this.refresh();
        })
        .catch((error) => {
          toast(`Not invited: ${errorText(error)}`, 'error');
          invite.disabled = false;
        });
    });
    return h(
      'li',
      { class: 'ranked-expert', dataset: { expertId: expert.expertId } },
      h(
        'div',
        { class: 'ranked-expert-head' },
        h('span', { class: 'rank', text: `#${expert.rank}` }),
        h('strong', { class: 'expert-name', text: expert.name }),
        h('span', { class: 'badge expert-score', text: `score ${expert.score}` }),
        expert.invitation
          ? h('span', { class: 'badge', text: STATUS_LABELS[expert.invitation] ?? expert.invitation })
          : null,
      ),
      h('p', { class: 'muted small expert-reason', text: expert.reason }),
      expert.invitation ? null : form,
    );
  }
}

export class InvitationsPanel {
  constructor() {
    this.list = byId('invitations');
    this.empty = byId('invitations-empty');
    this.count = byId('invitation-count');
    this.joinedList = byId('joined-teams');
    /** @type {string | null} */
    this.selfId = null;
    /** What the live events said about each invitation (the record's list does not carry it). */
    /** @type {Map<string, string>} */
    this.summaries = new Map();
    /** @type {Set<string>} leads whose team the expert joined this session */
    this.joined = new Set();
  }

  /** @param {string} selfId */
  start(selfId) {
    this.selfId = selfId;
    void this.load();
  }

  stop() {
    this.selfId = null;
    this.summaries.clear();
    this.joined.clear();
    replace(this.list);
    replace(this.joinedList);
  }

  /**
   * A new invitation pushed over the socket.
   * @param {TeamInvitationEvent} event
   */
  receive(event) {
    this.summaries.set(event.invitationId, event.summary);
    void this.load();
  }

  async load() {
    if (!this.selfId) return;
    try {
      const record = /** @type {ExpertRecord} */ (await api(`/experts/${encodeURIComponent(this.selfId)}`));
      this.count.textContent = String(record.pending.length);
      this.empty.hidden = record.pending.length > 0;
      replace(this.list, ...record.pending.map((m) => this.item(m)));
    } catch (error) {
      showLoadError(this.list, 'your invitations', error);
    }
  }

  /** @param {TeamMember} invitation */
  item(invitation) {
    /** @param {'accept' | 'decline'} decision */
    const answer = (decision) => {
      for (const b of buttons) b.disabled = true;
      api(`/team-invitations/${encodeURIComponent(invitation.invitationId)}/${decision}`, { method: 'POST', body: {} })
        .then(async () => {
          toast(decision === 'accept' ? 'You joined the proposal team' : 'Invitation declined', 'info');
          if (decision === 'accept') this.joined.add(invitation.leadId);
          await Promise.all([this.load(), this.renderJoined()]);
        })
        .catch((error) => {
          toast(`Not answered: ${errorText(error)}`, 'error');
          for (const b of buttons) b.disabled = false;
        });
    };
    const buttons = [
      h('button', {
        type: 'button',
        class: 'primary small-button accept',
        text: 'Accept',
        onclick: () => answer('accept'),
      }),
      h('button', {
        type: 'button',
        class: 'secondary small-button decline',
        text: 'Decline',
        onclick: () => answer('decline'),
      }),
    ];
    return h(
      'li',
      { class: 'invitation', dataset: { invitationId: invitation.invitationId, leadId: invitation.leadId } },
      h(
        'div',
        { class: 'invitation-text' },
        h('strong', {
          text: this.summaries.get(invitation.invitationId) ?? `Proposal team of lead ${invitation.leadId.slice(0, 8)}`,
        }),
        h('span', {
          class: 'muted small',
          text: `as ${invitation.role} · invited ${formatDateTime(invitation.invitedAt)}`,
        }),
      ),
      h('div', { class: 'invitation-actions' }, ...buttons),
    );
  }

  /** The teams of the leads joined this session, each with its members. */
  async renderJoined() {
    const items = await Promise.all(
      [...this.joined].map(async (leadId) => {
        try {
          const team = /** @type {Team} */ (await api(`/leads/${encodeURIComponent(leadId)}/team`));
          return h(
            'li',
            { class: 'joined-team', dataset: { leadId } },
            h('strong', { text: `Lead ${leadId.slice(0, 8)}` }),
            h('ul', { class: 'team-members' }, ...memberItems(team)),
          );
        } catch (error) {
          return h('li', { class: 'form-error', text: `Cannot load the team: ${errorText(error)}` });
        }
      }),
    );
    replace(this.joinedList, ...items);
  }
}
