import type {Redis} from "ioredis";

/** What a group has recorded as handled, for the entries of one read. */
export type RecordedProgress = {
    /** Batch ids (or, for one-event entries, event ids) handled in full. */
    complete: Set<string>,
    /** For batches handled in part: the positions already settled (handled, skipped or dead-lettered). */
    settled: Map<string, Set<number>>
};

/**
 * I am a consumer group's record of handled work, kept in one sorted set (`li:<ns>:done:<group>`, scored by
 * time so that old marks can be forgotten) and written in as few commands as possible:
 * - a batch handled in full is one member, its batch id, written with the entry's XACK: one mark per entry,
 *   not one per event, whatever the batch holds;
 * - a batch handled in part (a handler about to wait on its own I/O, a failed handler, a consumer stopping)
 *   gets `<batch>#partial` and `<batch>#<position>` for each settled event, so that whoever gets the entry
 *   next (this consumer retrying, another taking it over after a crash, or a second copy of the batch)
 *   skips those events and handles only the rest.
 * Marks and acknowledgements queue here and leave together in `send` (the connection auto-pipelines them
 * into one write), the mark first: an entry is never acknowledged without its mark.
 */
export class GroupProgress {
    private members: string[] = [];
    private acks: string[] = [];
    private writes: Promise<unknown>[] = [];

    public constructor(private readonly connection: Redis, private readonly stream: string, private readonly group: string, private readonly doneKey: string) {}

    /** One round trip for the whole read (two when some batch was handled in part). */
    public async lookup(batches: readonly {id: string, size: number}[]): Promise<RecordedProgress> {
        const complete = new Set<string>();
        const settled = new Map<string, Set<number>>();
        if (batches.length === 0) return {complete, settled};
        const scores = await this.connection.zmscore(this.doneKey, ...batches.flatMap(({id}) => [id, partialFlag(id)]));
        const partial: {id: string, size: number}[] = [];
        batches.forEach((batch, index) => {
            if (scores[2 * index] != null) complete.add(batch.id);
            else if (scores[2 * index + 1] != null) partial.push(batch);
        });
        for (const batch of partial) settled.set(batch.id, await this.settledPositions(batch.id, batch.size));
        return {complete, settled};
    }

    /** The entry is done with: mark its batch handled (when it has an id) and acknowledge it. */
    public complete(streamId: string, batchId: string | null): void {
        if (batchId != null) this.members.push(batchId);
        this.acks.push(streamId);
    }

    /** Settled positions of a batch whose entry stays pending for now. */
    public settled(batchId: string, positions: readonly number[]): void {
        if (positions.length === 0) return;
        this.members.push(partialFlag(batchId));
        for (const position of positions) this.members.push(`${batchId}#${position}`);
    }

    /** A write that must have landed before `flush` resolves (a dead letter, say). */
    public track(write: Promise<unknown>): void {
        this.writes.push(write);
    }

    /** Sends what has queued, without waiting for the replies. */
    public send(): void {
        if (this.members.length > 0) {
            const now = Date.now();
            const args: (string | number)[] = [];
            for (const member of this.members) args.push(now, member);
            this.writes.push(this.connection.zadd(this.doneKey, ...args));
            this.members = [];
        }
        if (this.acks.length > 0) {
            this.writes.push(this.connection.xack(this.stream, this.group, ...this.acks));
            this.acks = [];
        }
    }

    /** Sends what has queued and waits for every write so far. */
    public async flush(): Promise<void> {
        this.send();
        const writes = this.writes;
        this.writes = [];
        await Promise.all(writes);
    }

    private async settledPositions(batchId: string, size: number): Promise<Set<number>> {
        // Asked position by position: members are scored by time, so a lexicographic range would not find them.
        const scores = await this.connection.zmscore(this.doneKey, ...Array.from({length: size}, (_, position) => `${batchId}#${position}`));
        const positions = new Set<number>();
        scores.forEach((score, position) => {
            if (score != null) positions.add(position);
        });
        return positions;
    }
}

function partialFlag(batchId: string): string {
    return `${batchId}#partial`;
}
