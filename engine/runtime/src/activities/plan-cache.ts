import { Plan } from '@trellis/journey';

/** Plans are immutable, so a worker keeps the most recently used ones and never invalidates. */
export class PlanCache {
  private readonly plans = new Map<string, Plan>();

  constructor(private readonly capacity = 500) {}

  async get(key: string, load: () => Promise<Plan>): Promise<Plan> {
    const cached = this.plans.get(key);
    if (cached) {
      this.plans.delete(key);
      this.plans.set(key, cached);
      return cached;
    }
    const plan = await load();
    this.plans.set(key, plan);
    if (this.plans.size > this.capacity) {
      const oldest = this.plans.keys().next().value;
      if (oldest !== undefined) this.plans.delete(oldest);
    }
    return plan;
  }
}
