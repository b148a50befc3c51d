import { Plan } from '@trellis/journey';

/**
 * Published plans are immutable, so a process keeps the most recently used ones (or what it
 * derives from them) and never invalidates.
 */
export class PlanCache<T = Plan> {
  private readonly plans = new Map<string, T>();

  constructor(private readonly capacity = 500) {}

  async get(key: string, load: () => Promise<T>): Promise<T> {
    // `has`, not truthiness: what is derived may be undefined (a version the API cannot open), and that is remembered too.
    if (this.plans.has(key)) {
      const cached = this.plans.get(key) as T;
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
