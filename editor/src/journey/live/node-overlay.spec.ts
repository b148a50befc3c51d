import { welcomeStats } from './fixtures';
import { journeyOverlay, overlayFromStats } from './node-overlay';

describe('overlayFromStats', () => {
  const overlay = overlayFromStats(welcomeStats);

  it('gives every counted node a badge, old-version nodes included', () => {
    expect(Object.keys(overlay)).toEqual(['signed-up', 'wait-1d', 'is-vip', 'offer-split', 'send-a', 'send-b', 'done', 'old-sms']);
    expect(overlay['old-sms']).toMatchObject({ type: null, entered: 12, divides: false });
  });

  it('shows who entered, who waits there now, exits and errors', () => {
    expect(overlay['wait-1d']).toMatchObject({ entered: 1204, waiting: 37, exited: 0, errors: 0, departures: 1167, divides: false });
    expect(overlay['send-a']).toMatchObject({ entered: 485, waiting: 2, errors: 3, departures: 480 });
    expect(overlay.done).toMatchObject({ exited: 758, departures: 0, ports: [] });
  });

  it('divides a branch and a split by port, in the plan order, with each port’s share', () => {
    expect(overlay['is-vip']!.divides).toBe(true);
    expect(overlay['is-vip']!.ports).toEqual([
      { port: 'yes', count: 167, share: 167 / 1167 },
      { port: 'no', count: 1000, share: 1000 / 1167 },
    ]);
    expect(overlay['offer-split']!.ports.map((port) => [port.port, port.share])).toEqual([
      ['a', 0.5],
      ['b', 0.5],
    ]);
  });

  it('has no share while nothing has left a node', () => {
    const quiet = overlayFromStats({ ...welcomeStats, nodes: [{ id: 'is-vip', type: 'branch.condition', entered: 3, reached: 3, waiting: 3, ports: { yes: 0, no: 0 }, exited: 0, errors: 0 }] });
    expect(quiet['is-vip']!.ports).toEqual([
      { port: 'yes', count: 0, share: null },
      { port: 'no', count: 0, share: null },
    ]);
  });

  it('puts the journey’s totals on the trigger only', () => {
    expect(overlay['signed-up']!.journey).toEqual({ enrolled: 1204, active: 412, goals: 151, conversionRate: 151 / 1204 });
    expect(Object.values(overlay).filter((node) => node.journey).map((node) => node.nodeId)).toEqual(['signed-up']);
  });

  it('reads a journey nobody enrolled in yet', () => {
    expect(journeyOverlay({ journey: { enrolled: 0, active: 0, exitedByReason: {}, goals: 0, conversionRate: null, timeToConvert: null } })).toEqual({ enrolled: 0, active: 0, goals: 0, conversionRate: null });
  });
});
