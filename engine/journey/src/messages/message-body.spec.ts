import { bodyKindOf, messageBodies } from './message-body';
import { smsLength, withOptOut } from './sms-text';

describe('message bodies', () => {
  it('takes a body per kind of channel, WeCom as text plus cards', () => {
    const parsed = messageBodies.parse({
      wecom: { text: '新品上架', attachments: [{ type: 'miniprogram', title: '去看看', appId: 'wx0123456789abcdef', page: 'pages/item?id=1', imageMediaId: 'MEDIA' }] },
      sms: { text: '【品牌】{{ contact.traits.firstName | default: "您" }}好' },
    });
    expect(parsed.wecom?.attachments).toHaveLength(1);
    expect(bodyKindOf('wecom_moments')).toBe('wecom');
    expect(bodyKindOf('email')).toBe('email');
  });

  it('refuses bodies a channel cannot send, saying why', () => {
    const issues = (value: unknown) => messageBodies.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues({})).toEqual([': write the message for at least one channel']);
    expect(issues({ wecom: { attachments: [] } })).toEqual(['wecom: a WeCom message needs text or an attachment']);
    expect(issues({ wecom: { text: 'x', attachments: [{ type: 'image' }] } })).toEqual(['wecom.attachments.0: give either a mediaId or an imageUrl']);
    expect(issues({ wecom: { text: 'x', attachments: Array.from({ length: 10 }, () => ({ type: 'image', mediaId: 'm' })) } })).toEqual(['wecom.attachments: WeCom takes at most 9 attachments']);
    expect(issues({ email: { subject: ' ', html: '<p>x</p>' } })).toEqual(['email.subject: required']);
    expect(issues({ push: { title: 't', body: 'b', badge: 1 } })?.[0]).toContain('badge');
  });
});

describe('SMS text', () => {
  it('counts segments as carriers bill them', () => {
    expect(smsLength('Hello')).toEqual({ characters: 5, encoding: 'GSM-7', segments: 1 });
    expect(smsLength('x'.repeat(161)).segments).toBe(2);
    expect(smsLength('您好'.repeat(35))).toEqual({ characters: 70, encoding: 'UCS-2', segments: 1 });
    expect(smsLength('您好'.repeat(36)).segments).toBe(2);
  });

  it('ends marketing texts with the opt-out line once, and leaves service texts alone', () => {
    expect(withOptOut('【品牌】周末特惠', 'promo')).toBe('【品牌】周末特惠 拒收请回复T');
    expect(withOptOut('【品牌】周末特惠 拒收请回复T', 'content')).toBe('【品牌】周末特惠 拒收请回复T');
    expect(withOptOut('Your order shipped', 'service')).toBe('Your order shipped');
    expect(withOptOut('Sale today', 'promo', 'Reply STOP to opt out')).toBe('Sale today Reply STOP to opt out');
  });
});
