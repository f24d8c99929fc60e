// The browser softphone: a Twilio Voice access token from POST /softphone/token, then Twilio's
// Voice SDK, loaded from the service (vendor/twilio-voice.min.js) only once a token was given.

import { ApiError, api } from './api.js';
import { byId, h, replace, toast } from './dom.js';
import { errorText } from './format.js';

/** @import { Contact, SoftphoneGrant } from './types.js' */

/** @typedef {'idle' | 'starting' | 'unconfigured' | 'error' | 'offline' | 'ready' | 'ringing' | 'in-call'} State */

export class Softphone {
  constructor() {
    this.panel = byId('softphone-panel');
    this.statusLine = byId('softphone-status');
    this.controls = byId('softphone-controls');
    /** @type {TwilioVoice.Device | null} */
    this.device = null;
    /** @type {TwilioVoice.Call | null} */
    this.call = null;
    /** @type {Contact | null} */
    this.contact = null;
    /** @type {State} */
    this.state = 'idle';
    /**
     * The Twilio client identity of this user, once a token was given.
     * @type {string | undefined}
     */
    this.identity = undefined;
  }

  /** Asks for a token; 503 means the Twilio variables are not set: say so and stop there. */
  async start() {
    this.render('starting', 'Getting a softphone token…');
    let grant;
    try {
      grant = /** @type {SoftphoneGrant} */ (await api('/softphone/token', { method: 'POST' }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 503) {
        this.render('unconfigured', 'Softphone not configured', error.message);
      } else if (error instanceof ApiError && error.status === 403) {
        this.render('unconfigured', 'Softphone not available for your role');
      } else {
        this.render('error', 'Softphone unavailable', errorText(error));
      }
      return;
    }
    try {
      await loadVoiceSdk();
      this.connectDevice(grant);
    } catch (error) {
      this.render('error', 'Softphone failed to start', errorText(error));
    }
  }

  /** @param {SoftphoneGrant} grant */
  connectDevice(grant) {
    // loadVoiceSdk() resolved: the bundle defined Twilio.Device.
    const { Device } = /** @type {{ Device: TwilioVoice.DeviceConstructor }} */ (globalThis.Twilio);
    this.identity = grant.identity;
    const device = new Device(grant.token, { closeProtection: true, codecPreferences: ['opus', 'pcmu'] });
    this.device = device;
    device.on('registered', () => this.render('ready', 'Ready', `as ${grant.identity}`));
    device.on('unregistered', () => this.render('offline', 'Not registered'));
    device.on('error', (error) => this.render('error', 'Softphone error', errorText(error)));
    device.on('incoming', (call) => this.incoming(call));
    device.on('tokenWillExpire', () => void this.renewToken());
    this.render('starting', 'Registering…');
    void device.register();
  }

  async renewToken() {
    try {
      const next = /** @type {SoftphoneGrant} */ (await api('/softphone/token', { method: 'POST' }));
      this.device?.updateToken(next.token);
    } catch (error) {
      this.render('error', 'Could not renew the softphone token', errorText(error));
    }
  }

  /**
   * The open contact; a phone call waiting in its queue can be picked up from here.
   * @param {Contact | null} contact
   */
  setContact(contact) {
    this.contact = contact;
    if (this.state === 'ready') this.render('ready', 'Ready', `as ${this.identity}`);
  }

  async connectToCaller() {
    if (!this.device || !this.contact) return;
    try {
      const call = await this.device.connect({ params: { contactId: this.contact.id } });
      this.track(call, 'Connecting to the caller…');
    } catch (error) {
      this.render('error', 'Call failed', errorText(error));
    }
  }

  /**
   * Places an outbound call: `{ contactId }` for the open contact, `{ callbackTaskId }` for a
   * callback task. The server dials only what this agent owns; otherwise it says why.
   * @param {Record<string, string>} params
   * @param {string} text what the status line says while connecting
   * @returns {Promise<boolean>} whether a call was started
   */
  async dial(params, text) {
    if (!this.device || this.state !== 'ready') {
      toast('Connect the softphone first (it must be ready to call)', 'error');
      return false;
    }
    try {
      const call = await this.device.connect({ params });
      this.track(call, text);
      return true;
    } catch (error) {
      this.render('error', 'Call failed', errorText(error));
      return false;
    }
  }

  /** @param {TwilioVoice.Call} call */
  incoming(call) {
    const from = call.parameters?.From ?? 'unknown caller';
    this.call = call;
    this.render('ringing', 'Incoming call', from);
    call.on('accept', () => this.render('in-call', 'On a call', from));
    call.on('cancel', () => this.idle());
    call.on('disconnect', () => this.idle());
    call.on('reject', () => this.idle());
  }

  /**
   * @param {TwilioVoice.Call} call
   * @param {string} text
   */
  track(call, text) {
    this.call = call;
    this.render('in-call', text);
    call.on('accept', () => this.render('in-call', 'On a call'));
    call.on('disconnect', () => this.idle());
    call.on('cancel', () => this.idle());
    call.on('error', (error) => this.render('error', 'Call error', errorText(error)));
  }

  idle() {
    this.call = null;
    this.render('ready', 'Ready', this.identity ? `as ${this.identity}` : '');
  }

  /**
   * @param {State} state
   * @param {string} title
   * @param {string} [detail]
   */
  render(state, title, detail = '') {
    this.state = state;
    this.panel.dataset.state = state;
    replace(
      this.statusLine,
      h('span', { class: `dot dot-${state}` }),
      h('strong', { text: title }),
      detail ? h('span', { class: 'muted softphone-detail', text: detail }) : null,
    );
    const buttons = [];
    if (state === 'idle' || state === 'error' || state === 'offline') {
      buttons.push(button('Connect softphone', () => this.start(), 'secondary'));
    }
    if (state === 'ready' && this.contact?.medium === 'voice') {
      buttons.push(button('Call the waiting customer', () => this.connectToCaller(), 'primary'));
    }
    if (state === 'ringing' && this.call) {
      buttons.push(button('Answer', () => this.call?.accept(), 'primary'));
      buttons.push(button('Reject', () => this.call?.reject(), 'secondary'));
    }
    if (state === 'in-call' && this.call) {
      const muted = this.call.isMuted?.() ?? false;
      buttons.push(button(muted ? 'Unmute' : 'Mute', () => this.toggleMute(), 'secondary'));
      buttons.push(button('Hang up', () => this.call?.disconnect(), 'danger'));
    }
    replace(this.controls, ...buttons);
  }

  toggleMute() {
    if (!this.call) return;
    this.call.mute(!this.call.isMuted());
    this.render('in-call', 'On a call');
  }

  stop() {
    this.call?.disconnect();
    this.device?.destroy();
    this.device = null;
    this.render('idle', 'Softphone off');
  }
}

/**
 * @param {string} text
 * @param {() => unknown} onclick
 * @param {'primary' | 'secondary' | 'danger'} kind
 */
function button(text, onclick, kind) {
  return h('button', { type: 'button', class: kind, onclick }, text);
}

/** @type {Promise<void> | null} */
let sdk = null;
/** Loads Twilio's browser bundle once, from this service (no CDN). */
function loadVoiceSdk() {
  sdk ??= new Promise((resolve, reject) => {
    if (globalThis.Twilio?.Device) return resolve();
    const script = h('script', { src: '/console/vendor/twilio-voice.min.js', async: true });
    script.addEventListener('load', () =>
      globalThis.Twilio?.Device ? resolve() : reject(new Error('no Twilio.Device')),
    );
    script.addEventListener('error', () => reject(new Error('the Voice SDK could not be loaded')));
    document.head.append(script);
  });
  return sdk;
}
