import { mayJoinConversation } from './email-thread.repository';

describe('mayJoinConversation', () => {
  it.each<[string | undefined, string | null, boolean]>([
    ['taro@acme.co.jp', 'taro@acme.co.jp', true],
    ['Taro@ACME.co.jp', 'taro@acme.co.jp', true],
    ['hanako@acme.co.jp', 'taro@acme.co.jp', true],
    ['someone@other.example', 'taro@acme.co.jp', false],
    ['friend@gmail.com', 'taro@gmail.com', false],
    ['taro@gmail.com', 'taro@gmail.com', true],
    [undefined, 'taro@acme.co.jp', false],
    ['taro@acme.co.jp', null, false],
  ])('%s replying to %s -> %s', (sender, customer, expected) => {
    expect(mayJoinConversation(sender, customer)).toBe(expected);
  });
});
