import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import fc from 'fast-check';
import { createValidationPipe } from '../../common/validation.pipe';
import { readInquiryBody } from './inquiry-body';
import { InquiryDto } from './inquiry.dto';

/** What the global ValidationPipe (class-transformer + class-validator on InquiryDto) makes of a body. */
async function byDecorators(body: Record<string, unknown>) {
  try {
    const entity = (await createValidationPipe().transform(structuredClone(body), {
      type: 'body',
      metatype: InquiryDto,
    })) as Record<string, unknown>;
    return { ok: true, dto: defined({ ...entity }) };
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return { ok: false, errors: (error.getResponse() as { errors: unknown }).errors };
  }
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function byHand(body: Record<string, unknown>) {
  const read = readInquiryBody(body);
  return read.ok ? { ok: true, dto: defined({ ...read.dto }) } : { ok: false, errors: read.errors };
}

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(''),
  fc.constant('   '),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant({ a: 1 }),
  fc.constant(['x']),
  fc.constantFrom('true', 'on', 'No', ' 0 ', 'yes', 'maybe'),
  fc.constantFrom('quote', 'seminar', ' demo ', 'QUOTE', 'ja', 'en', 'zh', 'fr'),
  fc.constantFrom('Server', ' server-2 ', '-bad', 'a'.repeat(65)),
  fc.constantFrom('taro@example.co.jp', ' Taro@Example.com ', 'not-an-address', `${'a'.repeat(250)}@x.jp`),
  fc.constantFrom('+81 3-1234-5678', '03 1234 5678', '12', 'call me', '1'.repeat(33)),
  fc.constantFrom('山田 太郎', 'x'.repeat(200), 'x'.repeat(201), 'm'.repeat(5000), 'm'.repeat(5001)),
  fc.constantFrom('😀'.repeat(200), '😀'.repeat(201)),
);

const FIELDS = [
  'name',
  'email',
  'phone',
  'company',
  'message',
  'type',
  'productLine',
  'consent',
  'language',
  'website',
  'unknown',
] as const;

const body = fc.record(Object.fromEntries(FIELDS.map((f) => [f, anyValue])), { requiredKeys: [] });

describe('readInquiryBody', () => {
  it('reads a well-formed inquiry like the DTO does', async () => {
    const input = {
      name: ' 山田 太郎 ',
      email: ' Taro@Example.co.jp ',
      phone: '',
      company: '株式会社サンプル',
      message: ' サーバーの見積もり ',
      type: 'quote',
      productLine: 'Server',
      consent: 'on',
      website: '',
      extra: 'dropped',
    };
    const read = byHand(input);
    expect(read).toEqual(await byDecorators(input));
    expect(read).toEqual({
      ok: true,
      dto: {
        name: '山田 太郎',
        email: 'Taro@Example.co.jp',
        company: '株式会社サンプル',
        message: 'サーバーの見積もり',
        type: 'quote',
        productLine: 'server',
        consent: true,
        website: '',
      },
    });
  });

  it('names every wrong field with the message of its first broken rule', () => {
    expect(byHand({ name: 5, message: '', phone: 'x', website: 'spam' })).toEqual({
      ok: false,
      errors: [
        { field: 'name', message: 'name must be shorter than or equal to 200 characters' },
        { field: 'phone', message: 'phone must be a phone number' },
        { field: 'message', message: 'message must not be empty' },
        { field: 'website', message: 'website must be left empty' },
      ],
    });
    expect(byHand({ name: 'a', message: 'b' }).errors).toEqual([
      { field: 'email', message: 'email or phone is required' },
    ]);
  });

  it('answers exactly what the class-validator rules of InquiryDto answer, for any body', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (input) => {
        expect(byHand(input)).toEqual(await byDecorators(input));
      }),
      { numRuns: 1500 },
    );
  });
});
