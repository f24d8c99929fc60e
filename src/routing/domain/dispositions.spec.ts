import { checkCallbackAt, DEFAULT_DISPOSITIONS, Disposition, parseDispositions, wrapUpEffects } from './dispositions';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const builtIns = [
  { code: 'do_not_contact', label: 'Do not contact' },
  { code: 'callback_scheduled', label: 'Callback scheduled' },
];

describe('parseDispositions', () => {
  it('accepts the defaults, as a list or as { items }', () => {
    expect(parseDispositions(DEFAULT_DISPOSITIONS)).toEqual({ ok: true, value: DEFAULT_DISPOSITIONS });
    expect(parseDispositions({ items: DEFAULT_DISPOSITIONS })).toEqual({ ok: true, value: DEFAULT_DISPOSITIONS });
  });

  it('reads a custom code that schedules a callback, and forces callback_scheduled to', () => {
    const parsed = parseDispositions([
      ...builtIns,
      { code: 'demo_booked', label: ' Demo booked ', requiresCallbackAt: true },
    ]);
    expect(parsed).toEqual({
      ok: true,
      value: [
        { code: 'do_not_contact', label: 'Do not contact', requiresCallbackAt: false },
        { code: 'callback_scheduled', label: 'Callback scheduled', requiresCallbackAt: true },
        { code: 'demo_booked', label: 'Demo booked', requiresCallbackAt: true },
      ],
    });
  });

  it.each<[string, unknown, string, string]>([
    ['not a list', { items: 'answered' }, 'items', 'must be a list'],
    ['an item that is not an object', [...builtIns, 'answered'], 'items[2]', 'must be an object'],
    ['a code with capitals', [...builtIns, { code: 'Answered', label: 'x' }], 'items[2].code', '^[a-z]'],
    ['a one-letter code', [...builtIns, { code: 'a', label: 'x' }], 'items[2].code', 'must match'],
    ['a code too long', [...builtIns, { code: `a${'b'.repeat(40)}`, label: 'x' }], 'items[2].code', 'must match'],
    ['a code with a dash', [...builtIns, { code: 'no-answer', label: 'x' }], 'items[2].code', 'must match'],
    ['a duplicate code', [...builtIns, { code: 'do_not_contact', label: 'again' }], 'items[2].code', 'listed twice'],
    ['an empty label', [...builtIns, { code: 'answered', label: '  ' }], 'items[2].label', '1-120'],
    ['a label too long', [...builtIns, { code: 'answered', label: 'x'.repeat(121) }], 'items[2].label', '1-120'],
    [
      'requiresCallbackAt not a boolean',
      [...builtIns, { code: 'answered', label: 'A', requiresCallbackAt: 'yes' }],
      'items[2].requiresCallbackAt',
      'boolean',
    ],
    [
      'callback_scheduled without callbackAt',
      [builtIns[0], { ...builtIns[1], requiresCallbackAt: false }],
      'items[1].requiresCallbackAt',
      'always needs',
    ],
    ['do_not_contact removed', [builtIns[1]], 'items', 'do_not_contact cannot be removed'],
    ['callback_scheduled removed', [builtIns[0]], 'items', 'callback_scheduled cannot be removed'],
  ])('refuses %s', (_name, body, field, message) => {
    const parsed = parseDispositions(body);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toContainEqual({ field, message: expect.stringContaining(message) });
  });
});

describe('wrap-up effects and callbackAt', () => {
  const byCode = (code: string): Disposition => DEFAULT_DISPOSITIONS.find((d) => d.code === code)!;

  it.each<[string, boolean, boolean]>([
    ['answered', false, false],
    ['no_answer', false, false],
    ['callback_scheduled', true, false],
    ['do_not_contact', false, true],
  ])('%s: schedules a callback %s, marks do-not-contact %s', (code, scheduleCallback, markDoNotContact) => {
    expect(wrapUpEffects(byCode(code))).toEqual({ scheduleCallback, markDoNotContact });
  });

  it.each<[string, string | undefined, boolean, string | null]>([
    ['answered', undefined, true, null],
    ['answered', '2026-03-03T10:00:00Z', false, 'only given with'],
    ['callback_scheduled', undefined, false, 'is required'],
    ['callback_scheduled', 'tomorrow', false, 'ISO 8601'],
    ['callback_scheduled', '2026-03-02T10:00:00Z', false, 'in the future'],
    ['callback_scheduled', '2026-03-02T09:00:00Z', false, 'in the future'],
    ['callback_scheduled', '2026-03-03T10:00:00+09:00', true, null],
  ])('%s with callbackAt %s: ok %s', (code, callbackAt, ok, message) => {
    const check = checkCallbackAt(byCode(code), callbackAt, NOW);
    expect(check.ok).toBe(ok);
    if (!check.ok) expect(check.message).toContain(message);
    if (check.ok && callbackAt) expect(check.dueAt?.toISOString()).toBe(new Date(callbackAt).toISOString());
  });
});
