import { createHmac, timingSafeEqual } from 'node:crypto';
import request from 'supertest';
import { bearer, createUser, login } from '../helpers/http';
import { startTestApp, TestApp } from '../helpers/test-app';

const TWILIO = {
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000001',
  TWILIO_API_KEY_SID: 'SK00000000000000000000000000000002',
  TWILIO_API_KEY_SECRET: 'api-key-secret-for-tests-0123456789',
  TWILIO_TWIML_APP_SID: 'AP00000000000000000000000000000003',
};

interface VoiceTokenClaims {
  jti: string;
  iss: string;
  sub: string;
  exp: number;
  iat: number;
  grants: {
    identity: string;
    voice: { incoming: { allow: boolean }; outgoing: { application_sid: string } };
  };
}

/** Decodes an HS256 JWT and checks its signature by hand, so the test trusts no JWT library. */
function verifyHs256(token: string, secret: string): { header: Record<string, unknown>; claims: VoiceTokenClaims } {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) throw new Error('not a JWT');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const actual = Buffer.from(signature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new Error('invalid signature');
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: json(header), claims: json(payload) };
}

describe('POST /softphone/token', () => {
  describe('without Twilio keys', () => {
    let t: TestApp;
    let agent: { id: string; token: string };

    beforeAll(async () => {
      // Only part of the keys: the answer names exactly the ones still missing.
      t = await startTestApp({ TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID });
      agent = await createUser(t, await login(t), { email: 'agent@example.test', roles: ['agent'] });
    });
    afterAll(() => t.close());

    it('answers 503 "unavailable" naming the missing variables', async () => {
      const res = await request(t.url).post('/softphone/token').set(bearer(agent.token)).expect(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'unavailable' });
      expect(res.body.message).toBe(
        'softphone is not configured: set TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET, TWILIO_TWIML_APP_SID',
      );
      expect(res.body.message).not.toContain('TWILIO_ACCOUNT_SID');
    });

    it('answers 401 without a Bearer token, before looking at the configuration', async () => {
      const res = await request(t.url).post('/softphone/token').expect(401);
      expect(res.body.code).toBe('unauthenticated');
    });
  });

  describe('with Twilio keys', () => {
    let t: TestApp;
    let admin: string;
    let agent: { id: string; token: string };

    beforeAll(async () => {
      t = await startTestApp(TWILIO);
      admin = await login(t);
      agent = await createUser(t, admin, { email: 'agent@example.test', roles: ['agent'] });
    });
    afterAll(() => t.close());

    it('issues a Voice access token signed with the API key secret, for the agent identity', async () => {
      const before = Math.floor(Date.now() / 1000);
      const res = await request(t.url).post('/softphone/token').set(bearer(agent.token)).expect(200);
      const identity = `agent_${agent.id.replace(/-/g, '_')}`;
      expect(res.body).toMatchObject({ identity, ttlSeconds: 3600, expiresAt: expect.any(String) });

      // The signature checks out with the API key secret, and only with it.
      const { header, claims } = verifyHs256(res.body.token, TWILIO.TWILIO_API_KEY_SECRET);
      expect(() => verifyHs256(res.body.token, 'some-other-secret')).toThrow('invalid signature');
      expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });

      expect(claims.iss).toBe(TWILIO.TWILIO_API_KEY_SID);
      expect(claims.sub).toBe(TWILIO.TWILIO_ACCOUNT_SID);
      expect(claims.grants.identity).toBe(identity);
      expect(claims.grants.voice).toEqual({
        incoming: { allow: true },
        outgoing: { application_sid: TWILIO.TWILIO_TWIML_APP_SID },
      });
      expect(claims.iat).toBeGreaterThanOrEqual(before - 1);
      expect(claims.exp - claims.iat).toBe(3600);
    });

    it('answers 401 for a missing or forged Bearer token', async () => {
      await request(t.url).post('/softphone/token').expect(401);
      await request(t.url).post('/softphone/token').set(bearer('not.a.token')).expect(401);
    });

    it('answers 403 to staff who do not take calls', async () => {
      const backoffice = await createUser(t, admin, { email: 'office@example.test', roles: ['backoffice'] });
      const res = await request(t.url).post('/softphone/token').set(bearer(backoffice.token)).expect(403);
      expect(res.body.code).toBe('forbidden');
    });
  });
});
