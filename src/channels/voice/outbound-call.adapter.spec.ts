import agentConnect from '../../../test/fixtures/twilio/voice-agent-connect.json';
import dialStatus from '../../../test/fixtures/twilio/voice-outbound-dial-status.json';
import { readAgentDial, readOutboundCallStatus } from './outbound-call.adapter';

const ctx = { defaultRegion: 'JP' };
const TASK = '5b0c4c0e-2f7e-4f59-9d2a-0b6c8f3a1e11';
const fields = (read: { ok: boolean; errors?: { field: string }[] }) =>
  read.ok ? [] : (read.errors ?? []).map((e) => e.field);

describe('outbound call adapter', () => {
  it.each([
    [{ contactId: agentConnect.contactId }, { kind: 'contact', contactId: agentConnect.contactId }],
    [
      { contactId: undefined, callbackTaskId: TASK.toUpperCase() },
      { kind: 'callback_task', callbackTaskId: TASK },
    ],
    [
      { contactId: undefined, campaignTargetId: 'target_1' },
      { kind: 'campaign_target', campaignTargetId: 'target_1' },
    ],
  ])('reads the softphone asking for %p', (params, target) => {
    expect(readAgentDial({ ...agentConnect, ...params }, ctx)).toEqual({
      ok: true,
      value: { agentCallSid: agentConnect.CallSid, agentIdentity: 'agent-7f3e', target },
    });
  });

  it.each([
    [{ contactId: 'contact-1' }, ['contactId']],
    [{ contactId: undefined }, ['contactId']],
    [{ callbackTaskId: TASK }, ['contactId']],
    [{ contactId: undefined, callbackTaskId: 'DROP TABLE' }, ['callbackTaskId']],
    [{ contactId: undefined, campaignTargetId: '<script>' }, ['campaignTargetId']],
    [{ CallSid: 'nope' }, ['CallSid']],
  ])('refuses %p naming %p', (params, expected) => {
    expect(fields(readAgentDial({ ...agentConnect, ...params }, ctx))).toEqual(expected);
  });

  it('reads the dialled leg’s status with its parent, the agent leg', () => {
    expect(readOutboundCallStatus({ ...dialStatus, CallStatus: 'completed', CallDuration: '63' })).toEqual({
      ok: true,
      value: {
        callSid: dialStatus.CallSid,
        parentCallSid: dialStatus.ParentCallSid,
        status: 'completed',
        durationSeconds: 63,
        sipResponseCode: undefined,
      },
    });
    const { ParentCallSid: _parent, ...withoutParent } = dialStatus;
    expect(readOutboundCallStatus(withoutParent)).toMatchObject({
      ok: true,
      value: { parentCallSid: dialStatus.CallSid },
    });
    expect(fields(readOutboundCallStatus({ ...dialStatus, CallStatus: 'exploded' }))).toEqual(['CallStatus']);
    expect(fields(readOutboundCallStatus({ ...dialStatus, CallDuration: '-1' }))).toEqual(['CallDuration']);
  });
});
