'use strict';
// The pure routing core in process (no I/O): classification, the channel matrix, agent
// selection among 500 agents, ordering a queue of 10,000 contacts.
require('reflect-metadata');

exports.order = 10;

function timeLoop(fn, iterations) {
  for (let i = 0; i < Math.min(1000, iterations); i++) fn(i);
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn(i);
  return iterations / ((performance.now() - t0) / 1000);
}

exports.run = async function run(ctx) {
  const domain = require('../../dist/routing/domain');
  const scale = ctx.quick ? 0.1 : 1;
  const media = ['voice', 'sms', 'web', 'email', 'fax'];
  const languages = ['ja', 'zh', 'en'];
  const agents = Array.from({ length: 500 }, (_, i) => ({
    id: `agent-${String(i).padStart(4, '0')}`,
    presence: i % 5 === 0 ? 'away' : 'available',
    skills: { languages: [languages[i % 3]], media: [media[i % 5], media[(i + 2) % 5]] },
    load: { email: i % 4 },
    capacity: {},
    idleSince: i * 1000,
  }));
  const contacts = Array.from({ length: 10000 }, (_, i) => ({
    id: `contact-${i}`,
    medium: media[i % 5],
    channel: 'demand_generation',
    language: languages[i % 3],
    segment: i % 7 === 0 ? 'enterprise' : null,
    enqueuedAt: i * 10,
  }));
  const now = 10_000_000;
  const row = (figure, value, unit) => ({ figure, baseline: '', baselineValue: null, value, unit, ratio: null });
  return [
    row(
      'routing core: classifyChannel',
      timeLoop(
        (i) =>
          domain.classifyChannel({
            inquiryType: 'quote',
            medium: 'web',
            productLine: { code: 'server', complexity: i % 2 ? 'simple' : 'complex' },
            customer: null,
          }),
        200000 * scale,
      ),
      'calls/s',
    ),
    row(
      'routing core: decideRoute',
      timeLoop(
        (i) =>
          domain.decideRoute({
            matrix: domain.DEFAULT_CHANNEL_MATRIX,
            revenueTier: ['small', 'medium', 'large'][i % 3],
            complexity: ['simple', 'standard', 'complex'][i % 3],
            maturity: 'M2',
          }),
        200000 * scale,
      ),
      'calls/s',
    ),
    row(
      'routing core: selectAgent among 500 agents',
      timeLoop((i) => domain.selectAgent(agents, contacts[i % contacts.length]), 5000 * scale),
      'decisions/s',
    ),
    row(
      'routing core: orderQueue of 10,000 contacts',
      timeLoop(() => domain.orderQueue(contacts, now), Math.max(2, 20 * scale)),
      'orderings/s',
    ),
  ];
};
