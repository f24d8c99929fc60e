import { normalizePhone } from '../../identity/normalize';
import { escapeLike, searchTermsOf } from './contact-search';

const jp = (text: string) => normalizePhone(text, 'JP');

describe('contact search terms', () => {
  it.each([
    ['03-1234-5678', '+81312345678', null],
    ['+81 3 1234 5678', '+81312345678', null],
    ['(03) 1234 5678', '+81312345678', null],
    ['０３－１２３４－５６７８', '+81312345678', null],
    ['+86 138 0013 8000', '+8613800138000', null],
    ['+81 90-0000-0038', '+819000000038', null],
    ['＋８１９０００００００３８', '+819000000038', null],
    ['090-0000-0038', null, '9000000038'],
    ['+81 3', null, null],
    ['1234-5678', null, '12345678'],
    ['(03) 1234', null, '31234'],
    ['5678', null, '5678'],
    ['123', null, null],
    ['Yamada', null, null],
    ['山田 太郎', null, null],
    ['taro@acme.co.jp', null, null],
  ])('reads %p as phone %p, partial digits %p', (query, phone, digits) => {
    expect(searchTermsOf(query, jp)).toMatchObject({ phone, digits });
  });

  it.each([
    ['acme', '%acme%'],
    ['  李 明 ', '%李 明%'],
    ['100%', '%100\\%%'],
    ['a_b', '%a\\_b%'],
    ['back\\slash', '%back\\\\slash%'],
    ['ＡＣＭＥ', '%ACME%'],
  ])('matches %p literally as %p', (query, like) => {
    expect(searchTermsOf(query, jp).like).toBe(like);
  });

  it('escapes every LIKE wildcard', () => {
    expect(escapeLike('%_\\')).toBe('\\%\\_\\\\');
  });
});
