/**
 * Facts a hot path may trust for a few seconds after reading them (a session's or a lesson's), so
 * that a full room or a class of viewers does not read the same row once per request. At most
 * `size` entries; past that it starts again rather than keep what a crowd of one-off keys put in.
 */
export class ShortCache<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly size: number,
  ) {}

  /** The value if it was read less than ttlMs ago. */
  get(key: K): V | undefined {
    const hit = this.entries.get(key);
    return hit && Date.now() - hit.at < this.ttlMs ? hit.value : undefined;
  }

  set(key: K, value: V): void {
    if (this.entries.size >= this.size) this.entries.clear();
    this.entries.set(key, { value, at: Date.now() });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
