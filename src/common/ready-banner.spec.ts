import { readyBanner } from './ready-banner';

describe('readyBanner', () => {
  const consoleUrl = 'http://localhost:3000/console';

  it.each([
    [
      'a generated password',
      {
        consoleUrl,
        firstAdmin: { email: 'admin@example.com', generatedPassword: 'pw-123' },
        embeddedDataDir: '/srv/.data/postgres',
      },
      [
        'open http://localhost:3000/console',
        'admin@example.com  password: pw-123',
        'shown only this once',
        '/srv/.data/postgres',
      ],
      [],
    ],
    [
      'a configured admin',
      { consoleUrl, firstAdmin: { email: 'boss@example.test', generatedPassword: null }, embeddedDataDir: null },
      ['boss@example.test with the password in ADMIN_PASSWORD'],
      ['password:', 'embedded'],
    ],
    [
      'a later start',
      { consoleUrl, firstAdmin: null, embeddedDataDir: null },
      ['open http://localhost:3000/console'],
      ['admin'],
    ],
  ])('with %s', (_name, facts, present, absent) => {
    const text = readyBanner(facts);
    for (const part of present) expect(text).toContain(part);
    for (const part of absent) expect(text).not.toContain(part);
  });
});
