import { encodingOf, segmentSms, splitForTwilio } from './sms-segments';

describe('SMS segmentation', () => {
  it.each([
    ['plain ASCII', 'Hello', 'gsm7'],
    ['GSM-7 accents', 'Ça coûte 5 €? éàù', 'ucs2'], // û is not in GSM-7
    ['GSM-7 extension', 'price [EUR] {10} ~ €', 'gsm7'],
    ['Japanese', 'お見積もりをお送りします', 'ucs2'],
    ['Chinese', '您好，报价已发送', 'ucs2'],
    ['emoji', 'ok 👍', 'ucs2'],
  ])('%s is %s', (_name, body, encoding) => {
    expect(encodingOf(body)).toBe(encoding);
  });

  it.each([
    // [description, body, segments, units]
    ['empty', '', 0, 0],
    ['160 GSM-7 septets fit one segment', 'a'.repeat(160), 1, 160],
    ['161 GSM-7 septets make two of 153 + 8', 'a'.repeat(161), 2, 161],
    ['80 extension characters are 160 septets: one segment', '€'.repeat(80), 1, 160],
    ['81 extension characters: 162 septets, 76 + 5 characters', '€'.repeat(81), 2, 162],
    ['70 Japanese characters fit one segment', 'あ'.repeat(70), 1, 70],
    ['71 Japanese characters make 67 + 4', 'あ'.repeat(71), 2, 71],
    ['35 emoji are 70 units: one segment', '😀'.repeat(35), 1, 70],
    ['36 emoji: 72 units, 33 + 3 emoji (never half a pair)', '😀'.repeat(36), 2, 72],
  ])('%s', (_name, body, count, units) => {
    const result = segmentSms(body);
    expect(result.segments).toHaveLength(count);
    expect(result.units).toBe(units);
    expect(result.segments.join('')).toBe(body);
  });

  it('cuts multi-part GSM-7 at 153 septets and keeps an escape pair in one segment', () => {
    const body = 'a'.repeat(152) + '€' + 'b'.repeat(10);
    const { segments } = segmentSms(body);
    expect(segments[0]).toBe('a'.repeat(152)); // 152 + 2 would be 154 > 153
    expect(segments[1]).toBe('€' + 'b'.repeat(10));
  });

  it('never splits a surrogate pair across segments', () => {
    const body = 'あ'.repeat(66) + '😀' + 'い'.repeat(5); // 73 units: multi-part
    const { segments } = segmentSms(body);
    expect(segments[0]).toBe('あ'.repeat(66)); // 66 + 2 units would be 68 > 67
    expect(segments[1]).toBe('😀' + 'い'.repeat(5));
    for (const s of segments) expect(/[\uD800-\uDBFF]$/.test(s)).toBe(false);
  });

  it.each([
    ['a short text is one API message', 'こんにちは', 1],
    ['10 UCS-2 segments (670 characters) are one API message', 'あ'.repeat(670), 1],
    ['11 UCS-2 segments become two API messages', 'あ'.repeat(671), 2],
    ['1530 GSM-7 septets are one API message', 'x'.repeat(1530), 1],
    ['1531 GSM-7 septets become two', 'x'.repeat(1531), 2],
    ['21 segments become three API messages', 'あ'.repeat(67 * 21), 3],
  ])('%s', (_name, body, parts) => {
    const split = splitForTwilio(body);
    expect(split).toHaveLength(parts);
    expect(split.join('')).toBe(body);
    for (const part of split) expect(segmentSms(part).segments.length).toBeLessThanOrEqual(10);
  });

  it('cuts a long Japanese text at segment boundaries: the first API message is exactly 10 segments', () => {
    const body = 'お'.repeat(700);
    const [first, second] = splitForTwilio(body);
    expect(first).toHaveLength(670);
    expect(second).toHaveLength(30);
  });
});
