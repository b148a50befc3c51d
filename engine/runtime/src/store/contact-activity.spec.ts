import fc from 'fast-check';
import { activityField, activityName } from '@trellis/journey';
import { activityUpdate, mergedActivityUpdate, orderAmount, rfmOf } from './contact-activity';

const day = 86_400_000;
const now = Date.parse('2026-11-23T12:00:00Z');
const at = (daysAgo: number) => new Date(now - daysAgo * day);

describe('contact activity', () => {
  it('writes any event name as one field name and reads it back', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (name) => {
        const field = activityField(name);
        expect(field.includes('.')).toBe(false);
        expect(field.startsWith('$')).toBe(false);
        expect(activityName(field)).toBe(name);
      }),
    );
    expect(activityField('Order Completed')).toBe('Order Completed');
    expect(activityField('app.open')).toBe('app%2Eopen');
  });

  it('reads an order amount from revenue, total or amount, and counts an order without one as 0', () => {
    expect(orderAmount({ revenue: 25.5, total: 30 })).toBe(25.5);
    expect(orderAmount({ total: '30' })).toBe(30);
    expect(orderAmount({ amount: 12 })).toBe(12);
    expect(orderAmount({ revenue: -5, amount: 7 })).toBe(7);
    expect(orderAmount({ revenue: 'lots' })).toBe(0);
    expect(orderAmount({})).toBe(0);
  });

  it('counts every event by name and adds orders to the totals, earliest and latest kept', () => {
    const update = activityUpdate([
      { name: 'order_paid', at: at(3), properties: { amount: 100 } },
      { name: 'Order Completed', at: at(1), properties: { revenue: 50 } },
      { name: 'page.viewed', at: at(2), properties: {} },
      { name: '$identify', at: at(2), properties: {} },
    ]);
    expect(update).toEqual({
      $inc: { 'activity.order_paid.count': 1, 'activity.Order Completed.count': 1, 'activity.page%2Eviewed.count': 1, 'computed.ordersCount': 2, 'computed.totalSpent': 150 },
      $min: { 'activity.order_paid.firstAt': at(3), 'activity.Order Completed.firstAt': at(1), 'activity.page%2Eviewed.firstAt': at(2), 'computed.firstOrderAt': at(3) },
      $max: { 'activity.order_paid.lastAt': at(3), 'activity.Order Completed.lastAt': at(1), 'activity.page%2Eviewed.lastAt': at(2), 'computed.lastOrderAt': at(1) },
    });
    expect(activityUpdate([{ name: '$identify', at: at(0), properties: {} }])).toBeUndefined();
  });

  it('scores RFM in bands, and says when recency next drops', () => {
    expect(rfmOf(undefined, now)).toBeUndefined();
    expect(rfmOf({ ordersCount: 0 }, now)).toBeUndefined();
    expect(rfmOf({ ordersCount: 1, totalSpent: 50, lastOrderAt: at(1) }, now)).toEqual({ recency: 5, frequency: 1, monetary: 1, score: 511, recencyUntil: new Date(at(1).getTime() + 7 * day + 1) });
    expect(rfmOf({ ordersCount: 10, totalSpent: 5000, lastOrderAt: at(20) }, now)).toMatchObject({ recency: 4, frequency: 5, monetary: 5, score: 455 });
    expect(rfmOf({ ordersCount: 3, totalSpent: 999, lastOrderAt: at(400) }, now)).toEqual({ recency: 1, frequency: 3, monetary: 2, score: 132 });
  });

  it('keeps recency falling one band at a time as the days pass', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (a, b) => {
        const [sooner, later] = a <= b ? [a, b] : [b, a];
        const last = { ordersCount: 1, totalSpent: 10, lastOrderAt: new Date(now) };
        expect(rfmOf(last, now + sooner * day)!.recency).toBeGreaterThanOrEqual(rfmOf(last, now + later * day)!.recency);
        const score = rfmOf(last, now + sooner * day)!;
        if (score.recencyUntil) expect(rfmOf(last, score.recencyUntil.getTime())!.recency).toBe(score.recency - 1);
      }),
    );
  });

  it('adds a merged contact’s counts and totals to the one it became', () => {
    expect(
      mergedActivityUpdate({
        activity: { order_paid: { count: 2, firstAt: at(9), lastAt: at(4) } },
        computed: { ordersCount: 2, totalSpent: 80, firstOrderAt: at(9), lastOrderAt: at(4), rfm: { score: 511 } },
      }),
    ).toEqual({
      $inc: { 'activity.order_paid.count': 2, 'computed.ordersCount': 2, 'computed.totalSpent': 80 },
      $min: { 'activity.order_paid.firstAt': at(9), 'computed.firstOrderAt': at(9) },
      $max: { 'activity.order_paid.lastAt': at(4), 'computed.lastOrderAt': at(4) },
    });
    expect(mergedActivityUpdate({})).toBeUndefined();
  });
});
