/**
 * I remember the last `capacity` ids seen, forgetting the oldest first. Consumers use me to drop the second
 * copy of an event that a publisher retry appended twice, without a round trip to Redis.
 * The oldest id is found in a ring, not by iterating the set: a Set iterated from its start after many
 * deletions walks every deleted slot first, which made each forgotten id cost more than handling an event.
 */
export class RecentIds {
    private readonly ids = new Set<string>();
    private readonly ring: (string | undefined)[];
    private next = 0;

    public constructor(capacity = 10_000) {
        this.ring = new Array<string | undefined>(Math.max(1, capacity));
    }

    public has(id: string): boolean {
        return this.ids.has(id);
    }

    public add(id: string): void {
        if (this.ids.has(id)) return;
        const oldest = this.ring[this.next];
        if (oldest !== undefined) this.ids.delete(oldest);
        this.ring[this.next] = id;
        this.next = (this.next + 1) % this.ring.length;
        this.ids.add(id);
    }
}
