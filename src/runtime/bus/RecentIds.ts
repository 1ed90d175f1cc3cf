/**
 * I remember the last `capacity` ids seen, forgetting the oldest first. Consumers use me to drop the second
 * copy of an event that a publisher retry appended twice, without a round trip to Redis.
 */
export class RecentIds {
    private readonly ids = new Set<string>();

    public constructor(private readonly capacity = 10_000) {}

    public has(id: string): boolean {
        return this.ids.has(id);
    }

    public add(id: string): void {
        this.ids.add(id);
        if (this.ids.size > this.capacity) {
            const oldest = this.ids.values().next();
            if (oldest.done !== true) this.ids.delete(oldest.value);
        }
    }
}
