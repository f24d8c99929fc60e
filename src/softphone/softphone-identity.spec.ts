import { softphoneIdentity, userIdOfSoftphoneIdentity } from './softphone-identity';

describe('softphone identity', () => {
  const userId = '3f2b8c1e-9a4d-4e6f-8b1a-0c2d3e4f5a6b';

  it('is the user id behind a prefix, with underscores for hyphens', () => {
    expect(softphoneIdentity(userId)).toBe('agent_3f2b8c1e_9a4d_4e6f_8b1a_0c2d3e4f5a6b');
    expect(softphoneIdentity(userId)).toMatch(/^[A-Za-z0-9_]+$/);
  });

  it('reads back to the same user id', () => {
    expect(userIdOfSoftphoneIdentity(softphoneIdentity(userId))).toBe(userId);
    expect(userIdOfSoftphoneIdentity(softphoneIdentity(userId.toUpperCase()))).toBe(userId);
  });

  it.each(['', 'agent_', 'alice', `user_${userId}`, `agent_${userId}`, 'agent_3f2b8c1e_9a4d'])(
    'is null for %p',
    (identity) => {
      expect(userIdOfSoftphoneIdentity(identity)).toBeNull();
    },
  );
});
