import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { consentOf, decodeTargetFile, detectEncoding, parseTargetCsv, TargetFileError } from './target-file';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/campaigns', name));

describe('detectEncoding and decodeTargetFile', () => {
  it.each([
    ['targets-utf8.csv', 'utf-8', 'Ana Souza'],
    ['targets-utf8-bom.csv', 'utf-8', 'Ana Souza'],
    ['targets-shift_jis.csv', 'shift_jis', '山田太郎'],
    ['targets-gb18030.csv', 'gb18030', '张伟'],
  ])('%s is %s', (file, encoding, firstName) => {
    const bytes = fixture(file);
    expect(detectEncoding(bytes)).toBe(encoding);
    const { text } = decodeTargetFile(bytes);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(parseTargetCsv(text)[0].name).toBe(firstName);
  });

  it.each([
    ['Japanese kanji only', '山田太郎,株式会社東京電機,営業部長', 'shift_jis'],
    ['Japanese with kana', 'すずきはなこ,カタカナ商事,よろしくお願いします', 'shift_jis'],
    ['Chinese company', '北京华信科技有限公司,张伟,销售经理', 'gb18030'],
    ['Chinese with punctuation', '上海东方贸易（集团）有限公司，李娜', 'gb18030'],
  ])('tells %s apart', (_label, text, encoding) => {
    const bytes = iconv.encode(text, encoding === 'shift_jis' ? 'cp932' : 'gb18030');
    expect(detectEncoding(bytes)).toBe(encoding);
    expect(decodeTargetFile(bytes).text).toBe(text);
  });

  it('honours a named charset over detection and refuses an unknown one', () => {
    const bytes = iconv.encode('名前\n太郎', 'cp932');
    expect(decodeTargetFile(bytes, 'Shift_JIS').text).toBe('名前\n太郎');
    expect(decodeTargetFile(bytes, 'windows-31j').encoding).toBe('shift_jis');
    expect(() => decodeTargetFile(bytes, 'ebcdic')).toThrow(TargetFileError);
  });

  it('decodes UTF-16 with its BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('phone\n+81312345678', 'utf16le')]);
    expect(decodeTargetFile(bytes)).toEqual({ text: 'phone\n+81312345678', encoding: 'utf-16le' });
  });
});

describe('parseTargetCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and counts data rows from 1', () => {
    const rows = parseTargetCsv(
      'Name,Phone,E-mail,Company,Language,Consent\r\n"Doe, Jane",+81 3 1234 5678,jane@acme.co.jp,"ACME ""Tokyo""",ja,yes\r\n\r\n"Line\nBreak",,lb@x.jp,,,no\r\n',
    );
    expect(rows).toEqual([
      {
        row: 1,
        name: 'Doe, Jane',
        phone: '+81 3 1234 5678',
        email: 'jane@acme.co.jp',
        company: 'ACME "Tokyo"',
        language: 'ja',
        consent: true,
      },
      { row: 2, name: 'Line\nBreak', phone: null, email: 'lb@x.jp', company: null, language: null, consent: false },
    ]);
  });

  it('reads the Japanese and Chinese headers of the fixtures', () => {
    const ja = parseTargetCsv(decodeTargetFile(fixture('targets-shift_jis.csv')).text);
    expect(ja.map((r) => [r.name, r.company, r.consent])).toEqual([
      ['山田太郎', '山田商事株式会社', true],
      ['鈴木, 花子', '鈴木工業 "本社"', true],
      ['さとう　けん', '佐藤電機', false],
    ]);
    const zh = parseTargetCsv(decodeTargetFile(fixture('targets-gb18030.csv')).text);
    expect(zh.map((r) => [r.name, r.phone, r.consent])).toEqual([
      ['张伟', '+86 10 6552 9988', null],
      ['李娜, 经理', '+86 21 5049 3311', null],
      ['王芳', '+86 755 8612 7788', null],
    ]);
  });

  it.each([
    ['', 'file'],
    ['name,company\nJane,ACME', 'header'],
    ['phone\n"unterminated', 'file'],
  ])('refuses %j naming %s', (text, field) => {
    expect(() => parseTargetCsv(text)).toThrow(expect.objectContaining({ field }) as Error);
  });
});

describe('consentOf', () => {
  it.each([
    [true, true],
    [false, false],
    ['no', false],
    ['FALSE', false],
    ['yes', true],
    [undefined, null],
    ['', null],
  ])('%j -> %j', (value, expected) => expect(consentOf(value)).toBe(expected));
});
