/**
 * The pages an unsubscribe link shows, in Chinese and English: the contact may not read either
 * the sender's UI language or ours. Static apart from the channel's name, escaped.
 */

const channelNames: Record<string, string> = { email: '邮件 email', sms: '短信 SMS', push: '推送 push notifications', wecom: '企业微信 WeCom messages' };

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#1f2937}button{font:inherit;padding:.6rem 1.4rem;border:0;border-radius:.4rem;background:#1f2937;color:#fff;cursor:pointer}button:focus{outline:3px solid #93c5fd}</style>
</head><body>${body}</body></html>`;
}

/** Asks first: mail scanners open every link, and only a person's click should unsubscribe. */
export function confirmPage(channel: string): string {
  const name = escape(channelNames[channel] ?? channel);
  return page(
    '退订 Unsubscribe',
    `<h1>退订 Unsubscribe</h1>
<p>不再接收此发件方的营销${name}？服务通知（如订单状态）不受影响。</p>
<p>Stop marketing ${name} from this sender? Service messages (such as order updates) still arrive.</p>
<form method="post"><button type="submit">确认退订 Unsubscribe</button></form>`,
  );
}

export function donePage(channel: string): string {
  const name = escape(channelNames[channel] ?? channel);
  return page('已退订 Unsubscribed', `<h1>已退订 Unsubscribed</h1><p>您将不再收到营销${name}。</p><p>You will receive no more marketing ${name}.</p>`);
}

export function invalidPage(): string {
  return page('链接无效 Link not valid', `<h1>链接无效 Link not valid</h1><p>此退订链接无效或已过期。</p><p>This unsubscribe link is not valid. Please use the link in a recent message.</p>`);
}
