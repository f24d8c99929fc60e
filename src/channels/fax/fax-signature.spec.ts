import { createHash, createHmac } from 'node:crypto';
import { genericFaxSignatureMatches, hexSignatureMatches, phaxioSignature } from './fax-signature';

describe('fax webhook signatures', () => {
  const token = 'callback-token-123';
  const url = 'https://cc.example.com/webhooks/fax/phaxio';
  const pdf = Buffer.from('%PDF-1.4 test');

  it('follows the documented recipe: URL, sorted params name+value, sorted files name+sha1(contents)', () => {
    const fields = { success: 'true', direction: 'received', fax: '{"id":1}', is_test: 'false' };
    const recipe =
      url +
      'direction' +
      'received' +
      'fax' +
      '{"id":1}' +
      'is_test' +
      'false' +
      'success' +
      'true' +
      'file' +
      createHash('sha1').update(pdf).digest('hex');
    const expected = createHmac('sha1', token).update(recipe).digest('hex');
    expect(phaxioSignature(token, url, fields, [{ fieldName: 'file', contents: pdf }])).toBe(expected);
  });

  it('changes with any parameter, file byte, URL or token', () => {
    const base = phaxioSignature(token, url, { a: '1' }, [{ fieldName: 'file', contents: pdf }]);
    expect(phaxioSignature(token, url, { a: '2' }, [{ fieldName: 'file', contents: pdf }])).not.toBe(base);
    expect(
      phaxioSignature(token, url, { a: '1' }, [{ fieldName: 'file', contents: Buffer.from('%PDF-1.5') }]),
    ).not.toBe(base);
    expect(phaxioSignature(token, `${url}/`, { a: '1' }, [{ fieldName: 'file', contents: pdf }])).not.toBe(base);
    expect(phaxioSignature('other', url, { a: '1' }, [{ fieldName: 'file', contents: pdf }])).not.toBe(base);
  });

  it('compares hex in constant time and refuses what is not hex of the right length', () => {
    const expected = phaxioSignature(token, url, {}, []);
    expect(hexSignatureMatches(expected, expected)).toBe(true);
    expect(hexSignatureMatches(expected.toUpperCase(), expected)).toBe(true);
    expect(hexSignatureMatches(expected.slice(0, -2), expected)).toBe(false);
    expect(hexSignatureMatches('zz', expected)).toBe(false);
    expect(hexSignatureMatches(undefined, expected)).toBe(false);
  });

  it('checks the generic webhook header sha256=<hex HMAC-SHA256 of the raw body>', () => {
    const body = Buffer.from('{"faxId":"1"}');
    const hex = createHmac('sha256', 's3cret').update(body).digest('hex');
    expect(genericFaxSignatureMatches(`sha256=${hex}`, 's3cret', body)).toBe(true);
    expect(genericFaxSignatureMatches(hex, 's3cret', body)).toBe(false);
    expect(genericFaxSignatureMatches(`sha256=${hex}`, 'other', body)).toBe(false);
    expect(genericFaxSignatureMatches(`sha256=${hex}`, 's3cret', Buffer.from('{"faxId":"2"}'))).toBe(false);
    expect(genericFaxSignatureMatches(undefined, 's3cret', body)).toBe(false);
  });
});
