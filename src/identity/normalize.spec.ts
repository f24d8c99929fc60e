import { companyKey, detectLanguage, emailDomain, isFreeMailDomain, normalizeEmail, normalizePhone } from './normalize';

describe('identity normalization', () => {
  it.each([
    ['Taro.Yamada@Example.CO.JP ', 'taro.yamada@example.co.jp'],
    ['li@QQ.com', 'li@qq.com'],
  ])('lowercases e-mail %p', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    ['03-1234-5678', 'JP', '+81312345678'],
    ['+81 3 1234 5678', 'US', '+81312345678'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+86 138 0013 8000', 'JP', '+8613800138000'],
    ['13800138000', 'CN', '+8613800138000'],
    ['0912 345 678', 'TW', '+886912345678'],
    ['12', 'US', null],
    ['not a phone', 'US', null],
  ])('reads %p in region %p as %p', (input, region, expected) => {
    expect(normalizePhone(input, region)).toBe(expected);
  });

  it('answers the same when asked again, per region', () => {
    for (let i = 0; i < 3; i++) {
      expect(normalizePhone('03-1234-5678', 'JP')).toBe('+81312345678');
      expect(normalizePhone('03-1234-5678', 'US')).toBeNull();
      expect(normalizePhone(' (415) 555-2671 ', 'US')).toBe('+14155552671');
    }
  });

  it('is safe on anything: null, undefined, non-strings, huge or broken text are not phone numbers', () => {
    for (const value of [
      null,
      undefined,
      81312345678,
      {},
      [],
      true,
      '',
      '   ',
      '1'.repeat(10_000),
      '\ud800',
      '+81\u0000312345678',
    ])
      expect(normalizePhone(value, 'JP')).toBeNull();
  });

  it('takes the domain of an address', () => {
    expect(emailDomain('a@Sales.Acme.com')).toBe('sales.acme.com');
  });

  it('knows free-mail domains', () => {
    expect(isFreeMailDomain('gmail.com')).toBe(true);
    expect(isFreeMailDomain('163.com')).toBe(true);
    expect(isFreeMailDomain('acme.co.jp')).toBe(false);
  });

  it('keys company names regardless of width and case', () => {
    expect(companyKey('ＡＣＭＥ  Corp ')).toBe(companyKey('acme corp'));
  });

  it.each([
    ['見積もりをお願いします', 'ja'],
    ['请给我报价', 'zh'],
    ['價格是多少', 'zh'],
    ['Please send a quote', 'en'],
    ['東京のセミナー', 'ja'],
  ])('detects the language of %p', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });
});
