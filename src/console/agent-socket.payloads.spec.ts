import { offerAcceptPayload, offerDeclinePayload, parsePayload, presenceSetPayload } from './agent-socket.payloads';

const ID = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';

describe('parsePayload', () => {
  it.each<[string, unknown, string]>([
    ['undefined', undefined, 'payload must be an object'],
    ['a string', 'accept', 'payload must be an object'],
    ['an array', [ID], 'payload must be an object'],
    ['no offerId', {}, 'offerId is required'],
    ['a number', { offerId: 1 }, 'offerId must be a UUID'],
    ['not a UUID', { offerId: 'abc' }, 'offerId must be a UUID'],
  ])('refuses %s, naming the field', (_name, payload, error) => {
    expect(parsePayload(offerAcceptPayload, payload)).toMatchObject({ ok: false, error });
  });

  it('lists every wrong field', () => {
    const parsed = parsePayload(offerDeclinePayload, { offerId: 'x', reason: '' });
    expect(parsed).toEqual({
      ok: false,
      error: 'offerId must be a UUID; reason must not be empty',
      errors: [
        { field: 'offerId', message: 'must be a UUID' },
        { field: 'reason', message: 'must not be empty' },
      ],
    });
  });

  it('accepts good payloads, trimming the reason and dropping unknown keys', () => {
    expect(parsePayload(offerDeclinePayload, { offerId: ID, reason: '  busy ', extra: 1 })).toEqual({
      ok: true,
      value: { offerId: ID, reason: 'busy' },
    });
    expect(parsePayload(presenceSetPayload, { status: 'away' })).toEqual({ ok: true, value: { status: 'away' } });
    expect(parsePayload(presenceSetPayload, { status: 'lunch' })).toMatchObject({
      ok: false,
      error: 'status must be one of available, away, offline',
    });
  });

  it('refuses NUL, lone surrogates and nesting deeper than 32 like an HTTP body, naming the field', () => {
    expect(parsePayload(offerDeclinePayload, { offerId: 'x', reason: 'a\u0000' })).toMatchObject({
      ok: false,
      errors: [{ field: 'reason', message: 'reason must not contain NUL characters' }],
    });
    expect(parsePayload(offerDeclinePayload, { reason: '\ud800' })).toMatchObject({
      ok: false,
      errors: [{ field: 'reason' }],
    });
    let deep: unknown = 'x';
    for (let i = 0; i < 3000; i++) deep = { a: deep };
    expect(parsePayload(offerAcceptPayload, { offerId: deep })).toMatchObject({
      ok: false,
      errors: [{ field: 'offerId.a.a' }],
    });
  });
});
