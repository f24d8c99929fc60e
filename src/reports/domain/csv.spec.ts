import fc from 'fast-check';
import { UTF8_BOM, csvField, toCsv, valueAt } from './csv';

/** A strict RFC 4180 reader, enough to read back what the writer wrote. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('csv', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [12.5, '12.5'],
    [-3, '-3'],
    [Number.NaN, ''],
    [true, 'true'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['-1+2', "'-1+2"],
    ['山田太郎', '山田太郎'],
    [['smb', 'enterprise'], 'smb;enterprise'],
    [new Date('2027-01-04T09:00:00Z'), '2027-01-04T09:00:00.000Z'],
  ])('writes %p as %p', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('reads dotted paths', () => {
    expect(valueAt({ routed: { field: 2 } }, 'routed.field')).toBe(2);
    expect(valueAt({ routed: null }, 'routed.field')).toBeUndefined();
  });

  it('starts with a BOM, ends lines with CRLF and has the columns of the rows', () => {
    const text = toCsv(['channel', 'routed.field'], [{ channel: 'e_sales', routed: { field: 1 } }]);
    expect(text).toBe(`${UTF8_BOM}channel,routed.field\r\ne_sales,1\r\n`);
  });

  it('reads back exactly what it wrote, whatever the text', () => {
    const safe = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.tuple(safe, safe), { maxLength: 10 }), (pairs) => {
        const rows = pairs.map(([a, b]) => ({ a, b }));
        const back = parse(toCsv(['a', 'b'], rows).slice(1));
        expect(back).toEqual([['a', 'b'], ...pairs.map(([a, b]) => [a, b])]);
      }),
    );
  });
});
