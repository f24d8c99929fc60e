import fc from 'fast-check';
import { registrationLink, signInvitationToken, verifyInvitationToken } from './invitation-token';

const SECRET = 'spec-link-secret-0123456789abcdef';
const SEMINAR = '0b7c7d4e-2f1a-4c3b-9d8e-7f6a5b4c3d2e';
const TARGET = '5e9f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b';

describe('invitation token', () => {
  it('verifies back to the target it names', () => {
    const token = signInvitationToken(SECRET, SEMINAR, TARGET);
    expect(token.startsWith(`${TARGET}.`)).toBe(true);
    expect(verifyInvitationToken(SECRET, SEMINAR, token)).toBe(TARGET);
  });

  it.each([
    ['another secret', () => signInvitationToken(`${SECRET}x`, SEMINAR, TARGET)],
    ['another seminar', () => signInvitationToken(SECRET, '1b7c7d4e-2f1a-4c3b-9d8e-7f6a5b4c3d2e', TARGET)],
    [
      'another target under the same signature',
      () => `6e9f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b.${signInvitationToken(SECRET, SEMINAR, TARGET).split('.')[1]}`,
    ],
    ['a cut signature', () => signInvitationToken(SECRET, SEMINAR, TARGET).slice(0, -2)],
    ['no signature', () => TARGET],
    ['garbage', () => 'not-a-token'],
    ['empty', () => ''],
  ])('refuses a token with %s', (_, token) => {
    expect(verifyInvitationToken(SECRET, SEMINAR, token())).toBeNull();
  });

  it('never accepts a changed character (property)', () => {
    const token = signInvitationToken(SECRET, SEMINAR, TARGET);
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'0123456789abcdefABCDEF-_xyz'), (i, c) => {
        fc.pre(token[i] !== c && token[i]?.toLowerCase() !== c.toLowerCase());
        const changed = token.slice(0, i) + c + token.slice(i + 1);
        expect(verifyInvitationToken(SECRET, SEMINAR, changed)).toBeNull();
      }),
    );
  });

  it('builds the registration link under the public base URL', () => {
    expect(registrationLink('https://cc.example.com/', SEMINAR, 'a.b')).toBe(
      `https://cc.example.com/seminars/${SEMINAR}/register?t=a.b`,
    );
  });
});
