import iconv from 'iconv-lite';
import { declaredCharset, decodeRawHeaderValue, repairMojibake } from './charset-repair';
import { decodeCharset, parseFormEncoded } from './webhook-form';
import Encoding from 'encoding-japanese';

/** What an upstream relay did to the bytes: read them as Latin-1, wrote them out as UTF-8. */
const mangle = (text: string, charset: string) => iconv.encode(text, charset).toString('latin1');

describe('decodeCharset', () => {
  const jis = Buffer.from(
    Encoding.convert(Encoding.stringToCode('お見積もりをお願いします'), { to: 'JIS', from: 'UNICODE' }),
  );

  it.each<[string, Buffer, string]>([
    ['UTF-8', Buffer.from('报价 見積 quote', 'utf8'), 'utf-8'],
    ['ISO-2022-JP', jis, 'iso-2022-jp'],
    ['Shift_JIS', iconv.encode('お見積もりをお願いします', 'shift_jis'), 'Shift_JIS'],
    ['EUC-JP', iconv.encode('お見積もりをお願いします', 'euc-jp'), 'EUC-JP'],
    ['GB2312', iconv.encode('请提供服务器报价', 'gb2312'), 'GB2312'],
    ['GBK', iconv.encode('请提供服务器报价', 'gbk'), 'gbk'],
    ['GB18030', iconv.encode('请提供服务器报价', 'gb18030'), 'GB18030'],
    ['Big5', iconv.encode('請提供伺服器報價', 'big5'), 'big5'],
    ['windows-1252', Buffer.from([0x57, 0x6f, 0x72, 0x6c, 0x64, 0x20, 0x80]), 'windows-1252'],
  ])('%s', (_name, bytes, charset) => {
    const expected: Record<string, string> = {
      'utf-8': '报价 見積 quote',
      'iso-2022-jp': 'お見積もりをお願いします',
      Shift_JIS: 'お見積もりをお願いします',
      'EUC-JP': 'お見積もりをお願いします',
      GB2312: '请提供服务器报价',
      gbk: '请提供服务器报价',
      GB18030: '请提供服务器报价',
      big5: '請提供伺服器報價',
      'windows-1252': 'World €',
    };
    expect(decodeCharset(bytes, charset)).toBe(expected[charset]);
  });

  it('reads an unknown charset as UTF-8', () => {
    expect(decodeCharset(Buffer.from('héllo', 'utf8'), 'x-unknown-charset')).toBe('héllo');
  });
});

describe('repairMojibake', () => {
  it.each([
    ['big5', '大家說英語'],
    ['gb2312', '请提供报价'],
    ['shift_jis', 'お見積もり'],
    ['euc-kr', '안녕하세요'],
  ])('recovers %s text read as Latin-1', (charset, text) => {
    expect(repairMojibake(mangle(text, charset), charset)).toBe(text);
  });

  it.each<[string, string | undefined]>([
    ['Café déjà vu', 'big5'], // real Latin-1 text
    ['plain ascii', 'big5'],
    ['大家說英語', 'big5'], // already right
    [mangle('大家說英語', 'big5'), undefined], // no hint
    [mangle('大家說英語', 'big5'), 'iso-8859-1'], // not a CJK hint
  ])('leaves %p alone with hint %p', (text, charset) => expect(repairMojibake(text, charset)).toBeNull());
});

describe('decodeRawHeaderValue', () => {
  const binary = (b: Buffer) => b.toString('latin1');

  it('reads raw 8-bit header bytes in the declared charset', () => {
    expect(decodeRawHeaderValue(binary(iconv.encode(' 見積もりのお願い', 'shift_jis')), 'Shift_JIS')).toBe(
      '見積もりのお願い',
    );
    expect(decodeRawHeaderValue(binary(iconv.encode(' 请报价', 'gbk')), 'gb2312')).toBe('请报价');
  });

  it('keeps raw UTF-8 and repairs Latin-1 mojibake', () => {
    expect(decodeRawHeaderValue(binary(Buffer.from(' 报价单', 'utf8')), 'big5')).toBe('报价单');
    expect(decodeRawHeaderValue(binary(Buffer.from(mangle('大家說', 'big5'), 'utf8')), 'big5')).toBe('大家說');
  });

  it('leaves 7-bit values to the MIME parser', () => {
    expect(decodeRawHeaderValue(' =?UTF-8?B?44G+44G/?=', 'utf-8')).toBeNull();
  });
});

describe('declaredCharset', () => {
  it('finds the first charset a message declares', () => {
    expect(declaredCharset(Buffer.from('Content-Type: text/plain;\r\n charset="Big5"\r\n\r\nx'))).toBe('Big5');
    expect(declaredCharset(Buffer.from('Subject: x\r\n\r\nbody'))).toBeUndefined();
  });
});

describe('parseFormEncoded', () => {
  it('keeps percent-escaped bytes as bytes, whatever the charset', () => {
    const sjis = iconv.encode('見積', 'shift_jis');
    const escaped = [...sjis].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    const fields = parseFormEncoded(Buffer.from(`body-mime=${escaped}+x&a=1&a=2&empty=&flag&bad=%zz%4`));
    expect(fields.get('body-mime')).toEqual([Buffer.concat([sjis, Buffer.from(' x')])]);
    expect(fields.get('a')?.map(String)).toEqual(['1', '2']);
    expect(fields.get('empty')).toEqual([Buffer.alloc(0)]);
    expect(fields.get('flag')).toEqual([Buffer.alloc(0)]);
    expect(fields.get('bad')?.toString()).toBe('%zz%4');
  });

  it('reads UTF-8 names and values', () => {
    const fields = parseFormEncoded(Buffer.from(`${encodeURIComponent('件名')}=${encodeURIComponent('报价')}`));
    expect(fields.get('件名')?.[0].toString('utf8')).toBe('报价');
  });
});
