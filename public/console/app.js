// The agents' console: sign-in, presence, live offers, the contact, qualification, softphone, and
// the supervisor's page. Plain ES modules, no build step; every text is set with textContent.

import { connectAgentSocket } from './agent-socket.js';
import { BackofficeWorklist } from './backoffice.js';
import { CallbacksPanel } from './callbacks.js';
import { CustomerPanel } from './customer-panel.js';
import { ApiError, api, session } from './api.js';
import { ContactView } from './contact-view.js';
import { byId, control, h, replace, toast } from './dom.js';
import { MEDIUM_LABELS, errorText, formatTime, label } from './format.js';
import { HandoffsPanel } from './handoffs.js';
import { OffersPanel } from './offers.js';
import { PipelineBoard } from './pipeline-board.js';
import { InvitationsPanel, LeadTeamPanel } from './proposal-team.js';
import { CLIENT_EVENTS, PRESENCE_STATUSES, SUPERVISOR_ROLES } from './protocol.mjs';
import { QualificationForm } from './qualification.js';
import { WorkPanel } from './work-panel.js';
import { Softphone } from './softphone.js';
import { SupervisorPage } from './supervisor.js';
import { ReportsPage } from './reports.js';
import { BusinessHoursPanel } from './business-hours.js';
import { CampaignBoard, CampaignsPage } from './campaigns.js';

/** @import { AgentSocket, Handlers } from './agent-socket.js' */
/** @import { Ack, ClientEvents, Contact, LoginAnswer, OfferEvent } from './types.js' */
/** @import { Medium, Presence, Role } from './protocol.mjs' */

/**
 * A contact accepted this session.
 * @typedef {{ id: string, medium: Medium, summary: string, at: Date }} WorkItem
 */

const TITLE = document.title;

/**
 * @type {{
 *   socket: AgentSocket | null,
 *   presence: Presence,
 *   worklist: Map<string, WorkItem>,
 *   view: string | undefined,
 * }}
 */
const state = {
  socket: null,
  /** The presence the agent chose; re-sent after every reconnection. */
  presence: 'offline',
  worklist: new Map(),
  view: 'agent',
};

/**
 * @param {unknown} status
 * @returns {status is Presence}
 */
function isPresence(status) {
  return /** @type {readonly unknown[]} */ (PRESENCE_STATUSES).includes(status);
}

/**
 * Whether the user sees the supervisor's page.
 * @param {readonly Role[]} roles
 */
function supervises(roles) {
  return roles.some((r) => /** @type {readonly Role[]} */ (SUPERVISOR_ROLES).includes(r));
}

const contactView = new ContactView();
const qualification = new QualificationForm();
const softphone = new Softphone();
const supervisor = new SupervisorPage();
const reports = new ReportsPage();
const businessHours = new BusinessHoursPanel();
const campaigns = new CampaignsPage();
const campaignBoard = new CampaignBoard();
const customerPanel = new CustomerPanel({ open: (contactId) => void openContact(contactId) });
const callbacks = new CallbacksPanel({
  call: (task) => softphone.dial({ callbackTaskId: task.id }, `Calling back ${task.phone}…`),
  open: (contactId) => void openContact(contactId),
});
const handoffs = new HandoffsPanel({
  accept: async (handoff) => {
    const ack = await request(CLIENT_EVENTS.handoffAccept, { handoffId: handoff.handoffId });
    if (ack.ok) {
      toast('Lead accepted: it is yours now', 'info');
      await openContact(handoff.contactId);
    }
    return ack;
  },
  decline: (handoff) => request(CLIENT_EVENTS.handoffDecline, { handoffId: handoff.handoffId }),
});
contactView.onFinish = (/** @type {Contact} */ contact) => void finishContact(contact);
contactView.onCall = (/** @type {Contact} */ contact) =>
  void softphone.dial({ contactId: contact.id }, `Calling ${contact.from?.phone ?? 'the customer'}…`);
const workPanel = new WorkPanel();
contactView.onWork = workPanel.render.bind(workPanel);
workPanel.onDone = closeContact;
const leadTeam = new LeadTeamPanel();
const pipeline = new PipelineBoard({ select: (lead) => void leadTeam.show(lead) });
const invitations = new InvitationsPanel();
const backoffice = new BackofficeWorklist();
const offers = new OffersPanel({
  accept: acceptOffer,
  decline: (offer) => request(CLIENT_EVENTS.offerDecline, { offerId: offer.offerId }),
  changed: (count) => {
    document.title = count > 0 ? `(${count}) ${TITLE}` : TITLE;
  },
});

// ---- sign-in ---------------------------------------------------------------------------------

byId('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn(/** @type {HTMLFormElement} */ (event.currentTarget));
});

/** @param {HTMLFormElement} form */
async function signIn(form) {
  const error = byId('login-error');
  const button = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
  error.textContent = '';
  button.disabled = true;
  try {
    const answer = /** @type {LoginAnswer} */ (
      await api('/auth/login', {
        method: 'POST',
        anonymous: true,
        body: { email: control(form, 'email').value, password: control(form, 'password').value },
      })
    );
    session.save(answer);
    form.reset();
    start();
  } catch (e) {
    error.textContent = e instanceof ApiError && e.status === 401 ? 'E-mail or password is wrong.' : errorText(e);
  } finally {
    button.disabled = false;
  }
}

byId('logout').addEventListener('click', () => signOut());
window.addEventListener('session-expired', () => signOut('Your session has ended. Please sign in again.'));

/** @param {string} [message] why, shown on the sign-in form */
function signOut(message = '') {
  state.socket?.close();
  state.socket = null;
  state.presence = 'offline';
  state.worklist.clear();
  offers.clear();
  handoffs.clear();
  supervisor.reset();
  reports.reset();
  campaigns.reset();
  campaignBoard.reset();
  callbacks.stop();
  pipeline.clear();
  leadTeam.clear();
  invitations.stop();
  backoffice.stop();
  softphone.stop();
  session.clear();
  byId('app-screen').hidden = true;
  byId('login-screen').hidden = false;
  byId('login-error').textContent = message;
  control(byId('login-form', HTMLFormElement), 'email').focus();
}

// ---- the signed-in console -------------------------------------------------------------------

function start() {
  const current = session.get();
  if (!current) {
    signOut();
    return;
  }
  const { user } = current;
  byId('login-screen').hidden = true;
  byId('app-screen').hidden = false;
  byId('user-name').textContent = user.name;
  contactView.selfId = user.id;
  workPanel.selfId = user.id;
  contactView.oversees = supervises(user.roles);
  byId('user-roles').textContent = user.roles.join(', ');
  byId('tab-supervisor').hidden = !supervises(user.roles);
  byId('tab-reports').hidden = !supervises(user.roles);
  if (supervises(user.roles)) void businessHours.show(user.roles.includes('admin'));
  byId('tab-campaigns').hidden = !supervises(user.roles);
  handoffs.setVisible(user.roles.includes('deal_specialist'));
  contactView.showEmpty();
  customerPanel.setOversees(supervises(user.roles));
  customerPanel.showEmpty();
  // Callback tasks are agents' and supervisors' work (GET /callback-tasks answers others 403).
  const callsBack = user.roles.some((r) => r === 'agent' || r === 'supervisor' || r === 'admin');
  byId('callbacks-panel').hidden = !callsBack;
  if (callsBack) callbacks.start();
  qualification.setContact(null);
  const desk = startDealDesk(user.id, user.roles);
  softphone.render('idle', 'Softphone off');
  renderWorklist();
  renderPresence();
  void qualification.loadCatalog();
  void softphone.start();
  connect(current.accessToken);
  // Sellers and deal specialists land on their offers and handoffs, supervisors on their page;
  // experts and back-office staff, who take neither, on the deal desk.
  const takesWork = user.roles.includes('agent') || user.roles.includes('deal_specialist');
  showView(takesWork ? 'agent' : supervises(user.roles) ? 'supervisor' : desk ? 'deals' : 'agent');
}

/**
 * Shows the deal desk's panels the user's roles call for: the pipeline (deal specialists and
 * supervisors), the invitations (experts), the paperwork (back office and supervisors; never
 * sellers as such). Returns whether any is shown.
 * @param {string} selfId
 * @param {readonly Role[]} roles
 */
function startDealDesk(selfId, roles) {
  const oversees = supervises(roles);
  const owns = roles.includes('deal_specialist') || oversees;
  const expert = roles.includes('expert');
  const paperwork = roles.includes('backoffice') || oversees;
  byId('pipeline-panel').hidden = !owns;
  byId('lead-team-panel').hidden = !owns;
  byId('invitations-panel').hidden = !expert;
  byId('backoffice-panel').hidden = !paperwork;
  byId('tab-deals').hidden = !(owns || expert || paperwork);
  leadTeam.setInvites(owns);
  leadTeam.clear();
  if (owns) void pipeline.setOversees(oversees).then(() => pipeline.load());
  if (expert) invitations.start(selfId);
  if (paperwork) backoffice.start(selfId);
  return owns || expert || paperwork;
}

/** @param {string} token */
function connect(token) {
  try {
    state.socket = connectAgentSocket(token, {
      status: setConnection,
      offer: (offer) => {
        offers.add(offer);
        toast(`New ${label(MEDIUM_LABELS, offer.medium).toLowerCase()} offer`, 'info');
      },
      revoked: ({ offerId, reason }) => {
        if (offers.remove(offerId)) toast(`Offer withdrawn${reason ? `: ${reason}` : ''}`, 'warn');
      },
      refused: () => void checkSession(),
      handoff: (handoff) => {
        handoffs.add(handoff);
        toast('A field lead was handed to you', 'info');
      },
      handoffGone: ({ handoffId, reason }) => {
        if (handoffs.remove(handoffId)) toast(`Lead withdrawn${reason ? `: ${reason}` : ''}`, 'warn');
      },
      overview: (overview) => supervisor.push(overview),
      slaBreach: (breach) => {
        supervisor.alert('SLA breach', breach.summary, breach.detectedAt);
        toast(`SLA breach: ${breach.summary}`, 'warn');
      },
      handoffEscalated: (event) => {
        supervisor.alert('Handoff escalated', event.reason, new Date().toISOString());
        toast(`Field lead escalated to supervisors: ${event.reason}`, 'warn');
      },
      leadUnassigned: (event) => {
        supervisor.alert('Lead unassigned', event.reason, new Date().toISOString());
        toast(`Lead without an owner (${event.route}): ${event.reason}`, 'warn');
      },
      contactMessage: (event) => {
        contactView.thread.receive(event);
        void contactView.refreshTimeline(event.contactId);
      },
      teamInvitation: (event) => {
        invitations.receive(event);
        toast(`Invited to a proposal team: ${event.summary}`, 'info');
      },
      dealOutcome: (event) => {
        toast(`Deal ${event.result}: ${event.summary}`, 'info');
        void leadTeam.refresh();
      },
      backofficeOverdue: (event) => {
        supervisor.alert('Paperwork overdue', event.summary, event.dueAt);
        toast(`Paperwork overdue: ${event.summary}`, 'warn');
        void backoffice.load();
      },
      campaignProgress: (event) => {
        campaigns.push(event);
        campaignBoard.push(event);
      },
      leadStalled: (event) => {
        handoffs.addStalled(event);
        toast(`A lead of yours is stalled in ${event.maturity}`, 'warn');
      },
      presence: ({ status, reason }) => {
        if (!isPresence(status) || status === state.presence) return;
        state.presence = status;
        renderPresence();
        if (status !== 'available') offers.clear();
        toast(`You are ${status}${reason ? ` (${reason})` : ''}`, 'warn');
      },
    });
  } catch (error) {
    setConnection('error', errorText(error));
  }
}

/** After the server hung up: a dead token means signing in again; anything else, reconnect. */
async function checkSession() {
  try {
    await api('/contacts?limit=1');
    setTimeout(() => state.socket?.reconnect(), 2000);
  } catch {
    // A 401 has already announced the end of the session.
  }
}

/** @type {Readonly<Record<Parameters<Handlers['status']>[0], string>>} */
const CONNECTION_TEXT = {
  connected: 'Connected',
  connecting: 'Connecting…',
  disconnected: 'Disconnected',
  error: 'Not connected',
};

/** @type {Handlers['status']} */
function setConnection(status, detail) {
  const el = byId('connection');
  el.dataset.status = status;
  el.textContent = CONNECTION_TEXT[status] ?? status;
  el.title = detail ?? '';
  if (status === 'connected' && state.presence !== 'offline') void setPresence(state.presence, { quiet: true });
  if (status !== 'connected') offers.clear();
  // Live pushes while connected; the supervisor page polls only while the socket is down.
  supervisor.setLive(status === 'connected');
}

/**
 * An agent-to-server event and its acknowledgement; never throws.
 * @template {keyof ClientEvents} E
 * @param {E} event
 * @param {ClientEvents[E]['payload']} payload
 * @returns {Promise<Ack<ClientEvents[E]['answer']>>}
 */
function request(event, payload) {
  return state.socket ? state.socket.request(event, payload) : Promise.resolve({ ok: false, error: 'not connected' });
}

// ---- presence --------------------------------------------------------------------------------

for (const button of presenceButtons()) {
  button.addEventListener('click', () => void setPresence(button.dataset.status));
}

/**
 * @param {string | undefined} status one of PRESENCE_STATUSES (anything else is ignored)
 * @param {{ quiet?: boolean }} [options] quiet: no toast (re-sent after a reconnection)
 */
async function setPresence(status, { quiet = false } = {}) {
  if (!isPresence(status)) return;
  const previous = state.presence;
  state.presence = status;
  renderPresence('pending');
  const ack = await request(CLIENT_EVENTS.presenceSet, { status });
  if (ack.ok) {
    renderPresence();
    if (!quiet) toast(`You are ${status}`, 'info');
    if (status !== 'available') offers.clear();
  } else {
    state.presence = previous;
    renderPresence();
    toast(`Presence not changed: ${errorText(ack.error)}`, 'error');
  }
}

/** @param {'pending'} [pending] */
function renderPresence(pending) {
  for (const button of presenceButtons()) {
    const on = button.dataset.status === state.presence;
    button.setAttribute('aria-pressed', String(on));
    button.classList.toggle('pending', on && pending === 'pending');
  }
  byId('presence').dataset.status = state.presence;
}

// ---- offers and the contact ------------------------------------------------------------------

/** @param {OfferEvent} offer */
async function acceptOffer(offer) {
  const ack = await request(CLIENT_EVENTS.offerAccept, { offerId: offer.offerId });
  if (!ack.ok) return ack;
  const contactId = ack.contact?.id ?? offer.contactId;
  state.worklist.set(contactId, { id: contactId, medium: offer.medium, summary: offer.summary, at: new Date() });
  renderWorklist();
  await openContact(contactId);
  return ack;
}

/** @param {string} contactId */
async function openContact(contactId) {
  contactView.showLoading();
  try {
    const contact = /** @type {Contact} */ (await api(`/contacts/${encodeURIComponent(contactId)}`));
    contactView.show(contact);
    void customerPanel.show(contact);
    qualification.setContact(contact);
    softphone.setContact(contact);
    renderWorklist(contactId);
  } catch (error) {
    contactView.showEmpty();
    toast(`Cannot open the contact: ${errorText(error)}`, 'error');
  }
}

/**
 * The agent is done with the contact: its assignment ends and the capacity goes to the next one.
 * @param {Contact} contact
 */
async function finishContact(contact) {
  const ack = await request(CLIENT_EVENTS.assignmentEnd, { contactId: contact.id });
  if (!ack.ok) {
    toast(`Not finished: ${errorText(ack.error)}`, 'error');
    return;
  }
  closeContact(contact, 'Contact finished');
}

/**
 * The contact left the agent (finished, transferred, wrapped up): off the worklist and the screen.
 * @param {Contact} contact
 * @param {string} message
 */
function closeContact(contact, message) {
  state.worklist.delete(contact.id);
  contactView.showEmpty();
  customerPanel.showEmpty();
  qualification.setContact(null);
  softphone.setContact(null);
  renderWorklist();
  toast(message, 'info');
}

/** @param {string} [openId] the contact shown, highlighted */
function renderWorklist(openId = contactView.contact?.id) {
  const list = byId('worklist');
  const items = [...state.worklist.values()].reverse();
  byId('worklist-empty').hidden = items.length > 0;
  replace(
    list,
    ...items.map((item) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: `worklist-item${item.id === openId ? ' open' : ''}`,
            onclick: () => openContact(item.id),
          },
          h('span', { class: 'badge medium', text: label(MEDIUM_LABELS, item.medium) }),
          h('span', { class: 'worklist-summary', text: item.summary || item.id }),
          h('time', { class: 'muted small', text: formatTime(item.at) }),
        ),
      ),
    ),
  );
}

// ---- views and keyboard ----------------------------------------------------------------------

for (const tab of viewTabs()) {
  tab.addEventListener('click', () => showView(tab.dataset.view));
}

/** @param {string | undefined} view `agent`, `deals`, `supervisor`, `reports` or `campaigns` */
function showView(view) {
  state.view = view;
  byId('agent-view').hidden = view !== 'agent';
  byId('deals-view').hidden = view !== 'deals';
  byId('supervisor-view').hidden = view !== 'supervisor';
  byId('reports-view').hidden = view !== 'reports';
  byId('campaigns-view').hidden = view !== 'campaigns';
  for (const tab of viewTabs()) tab.setAttribute('aria-selected', String(tab.dataset.view === view));
  if (view === 'supervisor') {
    supervisor.start();
    void campaignBoard.load();
  } else supervisor.stop();
  if (view === 'reports') reports.start();
  else reports.stop();
  if (view === 'campaigns') campaigns.start();
  else campaigns.stop();
}

/** @type {Readonly<Record<string, () => void>>} */
const SHORTCUTS = {
  a: () => {
    const offer = offers.oldest();
    if (offer) void offers.accept(offer.offerId);
  },
  d: () => {
    const offer = offers.oldest();
    if (offer) void offers.decline(offer.offerId);
  },
  1: () => void setPresence('available'),
  2: () => void setPresence('away'),
  3: () => void setPresence('offline'),
  f: () => {
    const contact = contactView.finishable();
    if (contact) void finishContact(contact);
  },
  q: () => {
    showView('agent');
    qualification.focus();
  },
};

document.addEventListener('keydown', (event) => {
  if (byId('app-screen').hidden || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)))
    return;
  const action = SHORTCUTS[event.key.toLowerCase()];
  if (!action) return;
  event.preventDefault();
  action();
});

/** The presence buttons of the top bar. */
function presenceButtons() {
  return /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('#presence button'));
}

/** The view tabs of the top bar. */
function viewTabs() {
  return /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('[data-view]'));
}

if (session.get()) start();
else signOut();
