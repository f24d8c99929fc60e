import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsEmailAddress, isEmailAddress, IsOptionalNotNull } from './validators';

class Dto {
  @IsEmailAddress({ message: 'email must be an e-mail address' })
  email!: unknown;

  @IsOptionalNotNull()
  @IsEmailAddress()
  other?: unknown;
}

describe('safe validators', () => {
  it('isEmailAddress never throws: lone surrogates, NUL, huge strings and non-strings are not addresses', () => {
    expect(isEmailAddress('taro@example.co.jp')).toBe(true);
    for (const bad of [
      'a\ud800@example.com',
      'a@b\udfff.com',
      '\ud800',
      'x\u0000@example.com',
      `${'a'.repeat(300)}@x.io`,
    ])
      expect(isEmailAddress(bad)).toBe(false);
    for (const bad of [null, undefined, 1, {}, [], true]) expect(isEmailAddress(bad)).toBe(false);
  });

  it('as a decorator: a field error, not an exception; null is validated, absence is not', () => {
    const errors = (plain: object) =>
      validateSync(plainToInstance(Dto, plain)).map((e) => [e.property, Object.values(e.constraints ?? {})[0]]);
    expect(errors({ email: 'a\ud800@example.com' })).toEqual([['email', 'email must be an e-mail address']]);
    expect(errors({ email: 'a@example.com' })).toEqual([]);
    expect(errors({ email: 'a@example.com', other: null })).toEqual([['other', 'other must be an e-mail address']]);
  });
});
