import { instantiateTemplate, journeyTemplate, templateParametersJsonSchema } from './template';

const template = journeyTemplate.parse({
  id: 'win-back',
  version: '1.0.0',
  title: 'Win-back',
  description: 'Offers a discount to dormant contacts.',
  parameters: {
    discount: { type: 'integer', title: 'Discount (%)', default: 10, minimum: 5, maximum: 50 },
    channel: { type: 'string', title: 'Channel', enum: ['sms', 'wecom'], default: 'sms' },
    tags: { type: 'tags', title: 'Tags', default: ['dormant'] },
    template: { type: 'string', title: 'Message template' },
  },
  journey: {
    name: 'Win-back',
    nodes: [
      { id: 't', type: 'trigger.event', config: { event: 'dormant' } },
      { id: 'm', type: 'action.message', config: { channel: { $param: 'channel' }, template: { $param: 'template' } } },
      { id: 'g', type: 'action.tag', config: { add: { $param: 'tags' } } },
      { id: 'u', type: 'action.update', config: { set: { discount: { $param: 'discount' } } } },
    ],
    edges: [],
  },
});

describe('journey templates with parameters', () => {
  it('fills every reference with the given value or the default', () => {
    const result = instantiateTemplate(template, { template: 'win-back-offer', discount: 20 }, 'Win-back (spring)');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.journey.name).toBe('Win-back (spring)');
    expect(result.journey.nodes.map((node) => node.config)).toEqual([
      { event: 'dormant' },
      { channel: 'sms', template: 'win-back-offer' },
      { add: ['dormant'] },
      { set: { discount: 20 } },
    ]);
  });

  it('names each missing, out-of-range, unlisted or unknown parameter', () => {
    const result = instantiateTemplate(template, { discount: 80, channel: 'fax', colour: 'red' });
    expect(result).toEqual({
      ok: false,
      errors: [
        { parameter: 'colour', message: 'the template has no such parameter' },
        { parameter: 'discount', message: expect.stringMatching(/50/) },
        { parameter: 'channel', message: 'one of: sms, wecom' },
        { parameter: 'template', message: 'required: the template has no default for it' },
      ],
    });
  });

  it('refuses a template that uses an undeclared parameter or has a default that does not fit', () => {
    const bad = journeyTemplate.safeParse({
      id: 'bad',
      version: '1.0.0',
      title: 'Bad',
      description: 'Bad.',
      parameters: { channel: { type: 'string', title: 'Channel', enum: ['sms'], default: 'fax' } },
      journey: { name: 'Bad', nodes: [{ id: 'w', type: 'wait.delay', config: { amount: { $param: 'days' } } }], edges: [] },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => issue.message)).toEqual(expect.arrayContaining(['"$param": "days" names no declared parameter', 'the default does not fit the parameter']));
  });

  it('describes the parameters as a JSON Schema form, requiring those without a default', () => {
    expect(templateParametersJsonSchema(template)).toEqual({
      type: 'object',
      properties: {
        discount: { title: 'Discount (%)', default: 10, minimum: 5, maximum: 50, type: 'integer' },
        channel: { title: 'Channel', enum: ['sms', 'wecom'], default: 'sms', type: 'string' },
        tags: { title: 'Tags', default: ['dormant'], type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, maxItems: 50 },
        template: { title: 'Message template', type: 'string' },
      },
      required: ['template'],
    });
  });
});
