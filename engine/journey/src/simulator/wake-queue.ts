interface Entry<T> {
  at: number;
  seq: number;
  item: T;
}

/**
 * A binary min-heap of sleepers by wake-up time. Ties wake in the order they went to sleep, so a
 * simulation is deterministic; push and pop are O(log n), where re-sorting an array per wake-up
 * made large simulations quadratic.
 */
export class WakeQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private seq = 0;

  push(at: number, item: T): void {
    this.heap.push({ at, seq: this.seq++, item });
    let index = this.heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(index, parent)) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  peek(): Entry<T> | undefined {
    return this.heap[0];
  }

  pop(): Entry<T> | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top === undefined || last === undefined || this.heap.length === 0) return top;
    this.heap[0] = last;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.heap.length && this.before(left, smallest)) smallest = left;
      if (right < this.heap.length && this.before(right, smallest)) smallest = right;
      if (smallest === index) return top;
      this.swap(index, smallest);
      index = smallest;
    }
  }

  /** Every entry still queued, in no particular order. */
  entries(): readonly Entry<T>[] {
    return this.heap;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    [this.heap[a], this.heap[b]] = [this.heap[b]!, this.heap[a]!];
  }
}
