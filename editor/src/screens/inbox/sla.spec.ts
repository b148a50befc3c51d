import { nextPromise, slaOf } from './sla';

const at = (minutes: number) => new Date(Date.UTC(2025, 0, 1, 9, minutes)).toISOString();
const nowMs = Date.parse(at(30));
const due = { firstResponseBy: at(15), resolveBy: at(120) };

describe('task SLA', () => {
  it('shows an unanswered task past its first-response promise as overdue, before the resolution still pending', () => {
    const sla = slaOf({ due, firstResponseAt: null, resolvedAt: null }, nowMs);
    expect(sla).toEqual({ firstResponse: { state: 'overdue', due: at(15), msLate: 15 * 60_000 }, resolution: { state: 'pending', due: at(120), msLeft: 90 * 60_000 } });
    expect(nextPromise(sla)).toEqual({ which: 'firstResponse', state: sla.firstResponse });
  });

  it('keeps a promise met late as met, and moves on to the resolution', () => {
    const sla = slaOf({ due, firstResponseAt: at(20), resolvedAt: null }, nowMs);
    expect(sla.firstResponse).toEqual({ state: 'met', at: at(20), late: true });
    expect(nextPromise(sla)).toEqual({ which: 'resolution', state: { state: 'pending', due: at(120), msLeft: 90 * 60_000 } });
  });

  it('owes nothing once resolved, even a first response never given', () => {
    const sla = slaOf({ due, firstResponseAt: null, resolvedAt: at(25) }, nowMs);
    expect(sla).toEqual({ firstResponse: { state: 'void' }, resolution: { state: 'met', at: at(25), late: false } });
    expect(nextPromise(sla)).toBeNull();
  });
});
