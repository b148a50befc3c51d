import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Plan } from '@trellis/journey';
import { JourneyVersion, PlanCache, PlanOpening, planOpening } from '@trellis/runtime';
import { Model } from 'mongoose';
import { NODE_CATALOGUE, NodeCatalogue } from '../nodes/node-catalogue.provider';

/**
 * The opening stretch of each published plan (`EnrollmentInput.opening`), read once per version:
 * a new enrolment carries it, so the workflow acts in its first task instead of loading the plan.
 */
@Injectable()
export class PlanOpenings {
  private readonly openings = new PlanCache<PlanOpening | undefined>();

  constructor(
    @InjectModel('JourneyVersion') private readonly versions: Model<JourneyVersion>,
    @Inject(NODE_CATALOGUE) private readonly catalogue: NodeCatalogue,
  ) {}

  /**
   * Undefined when the version cannot open here (gone, another hash, an action unknown to this
   * API): the workflow then loads the plan itself and judges it.
   */
  of(ref: { journeyId: string; version: number; planHash: string }): Promise<PlanOpening | undefined> {
    return this.openings.get(`${ref.journeyId}@${ref.version}`, async () => {
      const doc = await this.versions.findOne({ journeyId: ref.journeyId, version: ref.version }, { plan: 1 }).lean();
      const plan = doc?.plan as Plan | undefined;
      if (plan?.hash !== ref.planHash) return undefined;
      try {
        return planOpening(plan, plan.triggerNodeId, this.catalogue);
      } catch {
        // An action this API does not know (a custom node deployed to workers only).
        return undefined;
      }
    });
  }
}
