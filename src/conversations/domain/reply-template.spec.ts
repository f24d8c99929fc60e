import { renderTemplate, unknownPlaceholders } from './reply-template';

describe('reply templates', () => {
  it.each([
    ['no placeholders', 'Thank you', []],
    ['known ones', 'Dear {{contact.name}}, {{ agent.name }} here', []],
    ['an unknown one', 'Hi {{contact.nickname}}', ['contact.nickname']],
    ['several, once each', '{{a}} {{b}} {{a}} {{agent.name}}', ['a', 'b']],
    ['an empty one', 'x {{}}', ['']],
  ])('%s', (_name, text, unknown) => {
    expect(unknownPlaceholders(text)).toEqual(unknown);
  });

  it.each([
    [
      'fills values',
      '{{contact.name}} 様、{{agent.name}}です',
      { 'contact.name': '山田', 'agent.name': '佐藤' },
      '山田 様、佐藤です',
    ],
    ['a missing value is empty', 'Dear {{contact.name}},', {}, 'Dear ,'],
    ['spaces inside braces', '{{ customer.name }}', { 'customer.name': 'ACME' }, 'ACME'],
    ['keeps line breaks in a body', 'Hi\n{{agent.name}}', { 'agent.name': 'A\nB' }, 'Hi\nA\nB'],
  ])('%s', (_name, text, values, expected) => {
    expect(renderTemplate(text, values)).toBe(expected);
  });

  it.each([
    ['CR LF in a value', 'Re: {{contact.name}}', { 'contact.name': 'Eve\r\nBcc: victim@example.com' }],
    ['a bare LF', 'Re: {{contact.subject}}', { 'contact.subject': 'a\nb' }],
    ['Unicode line separators', '{{contact.name}}', { 'contact.name': 'a\u2028b\u0085c' }],
  ])('a single-line render never contains a line break: %s', (_name, text, values) => {
    const rendered = renderTemplate(text, values, { singleLine: true });
    expect(rendered).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
  });
});
