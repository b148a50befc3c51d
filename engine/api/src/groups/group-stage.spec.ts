import fc from 'fast-check';
import sift from 'sift';
import { groupStage, stageFilter } from './group-stage';
import { groupStages } from './groups.dto';

const dayMs = 86_400_000;
const nowMs = Date.UTC(2026, 10, 23, 12);

describe('group stages', () => {
  it('calls a group new for a week, then active while people speak within two weeks, else dormant', () => {
    expect(groupStage({ createdAt: new Date(nowMs - 6 * dayMs) }, nowMs)).toBe('new');
    expect(groupStage({ createdAt: new Date(nowMs - 8 * dayMs), lastMessageAt: new Date(nowMs - 13 * dayMs) }, nowMs)).toBe('active');
    expect(groupStage({ createdAt: new Date(nowMs - 8 * dayMs), lastMessageAt: new Date(nowMs - 15 * dayMs) }, nowMs)).toBe('dormant');
    expect(groupStage({ createdAt: new Date(nowMs - 8 * dayMs) }, nowMs)).toBe('dormant');
  });

  it('lists exactly the groups each stage’s filter names, around every boundary', () => {
    const instant = fc.integer({ min: -40, max: 1 }).chain((days) => fc.integer({ min: -dayMs, max: dayMs }).map((jitter) => new Date(nowMs + days * dayMs + jitter)));
    fc.assert(
      fc.property(instant, fc.option(instant, { nil: undefined }), (createdAt, lastMessageAt) => {
        const group = { createdAt, ...(lastMessageAt ? { lastMessageAt } : {}) };
        const matched = groupStages.filter((stage) => sift(stageFilter(stage, nowMs) as never)(group));
        expect(matched).toEqual([groupStage(group, nowMs)]);
      }),
      { numRuns: 2_000 },
    );
  });
});
