import { checkLiquid, renderLiquid, TemplateScope } from './liquid-template';
import { checkBodies, checkSharedPost, renderBody } from './render-body';

const scope: TemplateScope = {
  contact: { id: 'c1', userId: 'u-1', email: 'li@example.com', tags: ['vip'], groups: [], traits: { firstName: '李雷', city: 'Shanghai', points: 120 } },
  unsubscribeUrl: 'https://trellis.example/u/tok',
};

describe('checkLiquid', () => {
  it('accepts what a contact can have, fallbacks included', () => {
    expect(checkLiquid('{{ contact.traits.firstName | default: "朋友" }}，您的积分 {{ contact.traits.points }}')).toEqual([]);
    expect(checkLiquid('{% if contact.traits.city %}{{ contact.traits.city }}{% endif %} {{ contact.tags | join: ", " }} {{ unsubscribeUrl }}')).toEqual([]);
    expect(checkLiquid('{% assign name = contact.traits.firstName %}{{ name }}{% for tag in contact.tags %}{{ tag }}{% endfor %}')).toEqual([]);
  });

  it('names a variable no contact has, with where it is', () => {
    expect(checkLiquid('Hi {{ contact.frstName }}')).toEqual([{ message: expect.stringContaining('unknown variable "contact.frstName"'), line: 1, column: 7 }]);
    expect(checkLiquid('line one\n{{ user.name }}')).toEqual([{ message: expect.stringContaining('unknown variable "user.name"'), line: 2, column: 4 }]);
    expect(checkLiquid('{{ contact.traits }}')).toEqual([{ message: expect.stringContaining('name one'), line: 1, column: 4 }]);
  });

  it('reports syntax errors and unknown filters with their position', () => {
    const [unclosed] = checkLiquid('Hello {{ contact.traits.firstName ');
    expect(unclosed).toMatchObject({ message: expect.stringContaining('not closed'), line: 1 });
    const [filter] = checkLiquid('{{ contact.email | shout }}');
    expect(filter).toMatchObject({ message: expect.stringContaining('shout'), line: 1, column: 1 });
  });
});

describe('what templates may not do', () => {
  it('refuses tags that read files, and raw output in HTML', () => {
    expect(checkLiquid("{% include '.env' %}")).toEqual([{ message: expect.stringContaining('"include" is not available'), line: 1, column: 1 }]);
    expect(checkLiquid("Hi\n  {%- render 'package.json' %}")).toEqual([{ message: expect.stringContaining('"render"'), line: 2, column: 3 }]);
    expect(checkLiquid("{% layout 'x' %}")[0]?.message).toContain('"layout"');
    expect(checkLiquid('<p>{{ contact.traits.bio | raw }}</p>', 'html')[0]?.message).toContain('escaped');
    // Text is not escaped anyway: raw changes nothing there.
    expect(checkLiquid('{{ contact.traits.bio | raw }}', 'text')).toEqual([]);
  });

  it('cannot reach a file even when rendered unchecked, and stops a render that would run away', () => {
    expect(() => renderLiquid("{% include 'package.json' %}", scope)).toThrow();
    expect(() => renderLiquid('{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}', scope)).toThrow();
  });
});

describe('renderLiquid', () => {
  it('renders a contact, with fallbacks for what it lacks', () => {
    expect(renderLiquid('{{ contact.traits.firstName }}，{{ contact.traits.nickname | default: "朋友" }}', scope)).toBe('李雷，朋友');
    expect(renderLiquid('{% if contact.traits.vipLevel %}VIP{% else %}member{% endif %}', scope)).toBe('member');
  });

  it('fails naming the variable a contact lacks without a fallback, instead of sending a blank', () => {
    expect(() => renderLiquid('Hi {{ contact.traits.nickname }}', scope)).toThrow(/nickname/);
  });

  it('escapes values in HTML, not in text', () => {
    const sly = { ...scope, contact: { ...scope.contact, traits: { firstName: '<b>Ann</b>' } } };
    expect(renderLiquid('<p>{{ contact.traits.firstName }}</p>', sly, 'html')).toBe('<p>&lt;b&gt;Ann&lt;/b&gt;</p>');
    expect(renderLiquid('{{ contact.traits.firstName }}', sly, 'text')).toBe('<b>Ann</b>');
  });
});

describe('checkBodies and renderBody', () => {
  it('finds problems in every channel body, each at its field', () => {
    const problems = checkBodies({
      wecom: { text: 'ok', attachments: [{ type: 'link', title: '{{ contact.nope }}', url: 'https://x.example/?u={{ contact.userId }}' }] },
      email: { subject: '{{ contact.traits.firstName', html: '<p>{{ contact.email }}</p>' },
    });
    expect(problems.map((problem) => problem.path)).toEqual(['wecom.attachments.0.title', 'email.subject']);
  });

  it('renders a WeCom card and an email for one contact', () => {
    const card = renderBody('wecom', { text: '{{ contact.traits.firstName }}，新品上架', attachments: [{ type: 'link', title: '给{{ contact.traits.firstName }}的礼物', url: 'https://shop.example/?u={{ contact.userId }}' }] }, scope);
    expect(card).toEqual({ text: '李雷，新品上架', attachments: [{ type: 'link', title: '给李雷的礼物', url: 'https://shop.example/?u=u-1' }] });
    const email = renderBody('email', { subject: 'Hi {{ contact.traits.firstName }}', html: '<a href="{{ unsubscribeUrl }}">unsubscribe</a>' }, scope);
    expect(email).toEqual({ subject: 'Hi 李雷', html: '<a href="https://trellis.example/u/tok">unsubscribe</a>' });
  });
});

describe('checkSharedPost', () => {
  it('refuses a group or Moments post that reads one contact, each at its field', () => {
    const bodies = { wecom: { text: '{{ contact.traits.firstName }}，本周福利', attachments: [{ type: 'link' as const, title: '福利', url: '{{ unsubscribeUrl }}' }] } };
    expect(checkSharedPost('wecom_group', bodies)).toEqual([
      { path: 'wecom.text', message: 'a group post is seen by many people: it cannot use "contact"' },
      { path: 'wecom.attachments.0.url', message: 'a group post is seen by many people: it cannot use "unsubscribeUrl"' },
    ]);
    // The same template is fine for a 1:1 message.
    expect(checkSharedPost('wecom', bodies)).toEqual([]);
    expect(checkSharedPost('wecom_group', { wecom: { text: '本周福利 {{ "now" | date: "%m-%d" }}', attachments: [] } })).toEqual([]);
  });

  it('holds Moments to what Moments show: images by media id, or one link, and no mini-program', () => {
    const problems = checkSharedPost('wecom_moments', {
      wecom: {
        text: '新品上架',
        attachments: [
          { type: 'image', imageUrl: 'https://cdn.example/a.png' },
          { type: 'miniprogram', title: '去看看', appId: 'wx0123456789abcdef', page: 'pages/item', imageMediaId: 'M' },
          { type: 'link', title: '详情', url: 'https://shop.example/' },
        ],
      },
    });
    expect(problems.map((problem) => problem.path)).toEqual(['wecom.attachments.0', 'wecom.attachments.1', 'wecom.attachments']);
    expect(checkSharedPost('wecom_moments', { wecom: { text: '新品', attachments: [{ type: 'image', mediaId: 'M1' }, { type: 'image', mediaId: 'M2' }] } })).toEqual([]);
  });
});
