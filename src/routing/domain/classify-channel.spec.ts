import type { Complexity } from '../../catalog/catalog.types';
import { INQUIRY_TYPES, InquiryType, MEDIA } from '../../contacts/contact.types';
import { ClassificationFacts, classifyChannel } from './classify-channel';

const facts = (over: Partial<ClassificationFacts> = {}): ClassificationFacts => ({
  inquiryType: 'question',
  medium: 'web',
  productLine: null,
  customer: null,
  ...over,
});
const line = (complexity: Complexity) => ({ code: `line-${complexity}`, complexity });
const owned = { known: true, relationshipOwnerId: 'user-1' };
const knownUnowned = { known: true, relationshipOwnerId: null };

describe('classifyChannel', () => {
  it.each<[string, Partial<ClassificationFacts>, string, string]>([
    // inquiry type x product line, no relationship owner
    ['question, no product', { inquiryType: 'question' }, 'demand_generation', 'general_question'],
    [
      'question about a simple product',
      { inquiryType: 'question', productLine: line('simple') },
      'demand_generation',
      'general_question',
    ],
    ['seminar', { inquiryType: 'seminar' }, 'demand_generation', 'seminar'],
    [
      'seminar about a complex line',
      { inquiryType: 'seminar', productLine: line('complex') },
      'demand_generation',
      'seminar',
    ],
    [
      'quote, simple product',
      { inquiryType: 'quote', productLine: line('simple') },
      'e_sales',
      'simple_catalog_purchase',
    ],
    [
      'purchase, simple product',
      { inquiryType: 'purchase', productLine: line('simple') },
      'e_sales',
      'simple_catalog_purchase',
    ],
    [
      'quote, standard solution',
      { inquiryType: 'quote', productLine: line('standard') },
      'demand_generation',
      'needs_maturing',
    ],
    [
      'quote, complex solution',
      { inquiryType: 'quote', productLine: line('complex') },
      'demand_generation',
      'needs_maturing',
    ],
    [
      'purchase, complex solution',
      { inquiryType: 'purchase', productLine: line('complex') },
      'demand_generation',
      'needs_maturing',
    ],
    ['quote, no product line', { inquiryType: 'quote' }, 'demand_generation', 'needs_maturing'],
    [
      'quote, unknown product line',
      { inquiryType: 'quote', unknownProductLine: 'zzz' },
      'demand_generation',
      'needs_maturing',
    ],
    [
      'demo, simple product',
      { inquiryType: 'demo', productLine: line('simple') },
      'demand_generation',
      'needs_maturing',
    ],
    [
      'demo, complex solution',
      { inquiryType: 'demo', productLine: line('complex') },
      'demand_generation',
      'needs_maturing',
    ],
    // customers
    [
      'known account without owner, simple quote',
      { inquiryType: 'quote', productLine: line('simple'), customer: knownUnowned },
      'e_sales',
      'simple_catalog_purchase',
    ],
    ['known account without owner, question', { customer: knownUnowned }, 'demand_generation', 'general_question'],
    ['owned account, question', { customer: owned }, 'e_coverage', 'relationship_owner'],
    ['owned account, seminar', { inquiryType: 'seminar', customer: owned }, 'e_coverage', 'relationship_owner'],
    [
      'owned account, simple purchase',
      { inquiryType: 'purchase', productLine: line('simple'), customer: owned },
      'e_coverage',
      'relationship_owner',
    ],
    [
      'owned account, complex quote',
      { inquiryType: 'quote', productLine: line('complex'), customer: owned },
      'e_coverage',
      'relationship_owner',
    ],
    [
      'unknown customer with an owner id',
      { customer: { known: false, relationshipOwnerId: 'x' } },
      'demand_generation',
      'general_question',
    ],
    // the medium does not change the channel
    [
      'simple quote by phone',
      { inquiryType: 'quote', productLine: line('simple'), medium: 'voice' },
      'e_sales',
      'simple_catalog_purchase',
    ],
    ['question by fax', { medium: 'fax' }, 'demand_generation', 'general_question'],
  ])('%s -> %s (%s)', (_name, over, channel, rule) => {
    const decision = classifyChannel(facts(over));
    expect(decision.channel).toBe(channel);
    expect(decision.rule).toBe(rule);
    expect(decision.reason.length).toBeGreaterThan(10);
  });

  it('decides every combination of type, medium, complexity and customer, with a reason', () => {
    const lines = [null, line('simple'), line('standard'), line('complex')];
    const customers = [null, knownUnowned, owned];
    for (const inquiryType of INQUIRY_TYPES)
      for (const medium of MEDIA)
        for (const productLine of lines)
          for (const customer of customers) {
            const decision = classifyChannel({ inquiryType, medium, productLine, customer });
            const expected =
              customer === owned
                ? 'e_coverage'
                : (['quote', 'purchase'] as InquiryType[]).includes(inquiryType) && productLine?.complexity === 'simple'
                  ? 'e_sales'
                  : 'demand_generation';
            expect(decision.channel).toBe(expected);
            expect(decision.reason).not.toHaveLength(0);
          }
  });

  it('names the product line in its reason', () => {
    expect(classifyChannel(facts({ inquiryType: 'quote', productLine: line('simple') })).reason).toContain(
      'line-simple',
    );
    expect(classifyChannel(facts({ inquiryType: 'quote', unknownProductLine: 'zzz' })).reason).toContain('zzz');
  });
});
