/**
 * I remember at least the last `capacity` ids seen (at most twice as many), forgetting the oldest first.
 * Consumers use me to drop the second copy of an event without a round trip to Redis.
 * Two generations instead of one set trimmed id by id: adding is one insertion, and forgetting is dropping
 * the older generation whole. (Trimming a Set from its start is worse than it looks: iterating it after many
 * deletions walks every deleted slot first.)
 */
export class RecentIds {
    private current = new Set<string>();
    private previous = new Set<string>();
    private readonly capacity: number;

    public constructor(capacity = 10_000) {
        this.capacity = Math.max(1, capacity);
    }

    public has(id: string): boolean {
        return this.current.has(id) || this.previous.has(id);
    }

    public add(id: string): void {
        this.current.add(id);
        if (this.current.size >= this.capacity) this.turnOver();
    }

    /**
     * Adds `id` unless it was seen; answers whether it is new. Two set operations where `has` then `add`
     * take three: once per event received, that counts.
     */
    public addNew(id: string): boolean {
        if (this.previous.has(id)) return false;
        const size = this.current.size;
        this.current.add(id);
        if (this.current.size === size) return false;
        if (this.current.size >= this.capacity) this.turnOver();
        return true;
    }

    /** Forgets `id` (added by `addNew` for an event whose handling then failed: its next copy must be handled). */
    public forget(id: string): void {
        this.current.delete(id);
        this.previous.delete(id);
    }

    private turnOver(): void {
        this.previous = this.current;
        this.current = new Set();
    }
}
