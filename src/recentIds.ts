// A bounded set of ids (cancelled tasks, retired pipes): past its limit the oldest is forgotten.

export class RecentIds {
  private readonly ids = new Set<number>();

  constructor(private readonly limit: number) {}

  add(id: number): void {
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as number);
  }

  has(id: number): boolean {
    return this.ids.has(id);
  }
}
