import { languageOfCalledNumber, parsePhoneParty } from './phone-party';

describe('parsePhoneParty', () => {
  it.each([
    ['+81312345678', 'JP', { kind: 'phone', e164: '+81312345678' }],
    ['+14155552671', 'JP', { kind: 'phone', e164: '+14155552671' }],
    ['03-1234-5678', 'JP', { kind: 'phone', e164: '+81312345678' }],
    ['(415) 555-2671', 'US', { kind: 'phone', e164: '+14155552671' }],
    ['+8613812345678', 'US', { kind: 'phone', e164: '+8613812345678' }],
    // Valid E.164 text libphonenumber cannot place is kept: a caller is never refused for it.
    ['+999123456789', 'US', { kind: 'phone', e164: '+999123456789' }],
    ['anonymous', 'US', { kind: 'withheld' }],
    ['Restricted', 'US', { kind: 'withheld' }],
    ['+266696687', 'US', { kind: 'withheld' }],
    ['client:agent_42', 'US', { kind: 'client', identity: 'agent_42' }],
  ] as const)('%s (region %s) -> %j', (text, region, expected) => {
    expect(parsePhoneParty(text, region)).toEqual(expected);
  });

  it.each([
    '',
    'not a number',
    'sip:alice@example.com',
    '+1 000',
    '12',
    'client:',
    'client:has space',
    '+0123',
    '+1000',
  ])('refuses %j', (text) => {
    expect(parsePhoneParty(text, 'US')).toBeNull();
  });
});

describe('languageOfCalledNumber', () => {
  const byNumber = { '+14155550100': 'ja' as const };

  it.each([
    ['+14155550100', 'ja', 'an explicit setting wins over the country'],
    ['+81312345678', 'ja', 'a Japanese number'],
    ['+862112345678', 'zh', 'a mainland Chinese number'],
    ['+85221234567', 'zh', 'a Hong Kong number'],
    ['+886212345678', 'zh', 'a Taiwanese number'],
    ['+14155550199', 'en', 'anything else falls back'],
    [undefined, 'en', 'no called number'],
  ] as const)('%s -> %s (%s)', (called, expected, _why) => {
    expect(languageOfCalledNumber(called, byNumber, 'en')).toBe(expected);
  });

  it('uses the configured default', () => {
    expect(languageOfCalledNumber('+4930123456', {}, 'zh')).toBe('zh');
  });
});
