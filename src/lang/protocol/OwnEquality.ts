import {PrimitiveFailedError} from "../errors.js";
import type {Frame} from "../Frame.js";
import type {Interpreter} from "../Interpreter.js";
import {printString} from "../printString.js";
import type {Association} from "../values/Association.js";
import type {Dictionary} from "../values/Dictionary.js";
import type {StSet} from "../values/StSet.js";

/**
 * I compare values the way a class of one's own says, for the hashed collections and the
 * searches (Set, Dictionary keys, asSet, withAll:, indexOf:, occurrencesOf:): a value whose class
 * defines `=` in Smalltalk is compared by sending `=`, and, when its class also defines `hash`,
 * only with elements of the same hash (as in Pharo, where equal objects must hash alike). Hashes
 * are sent once per element per operation, so adding n elements costs n hash sends and the `=`
 * sends within each hash's bucket. A class that defines `=` without `hash` puts all its
 * instances in one bucket (more lenient than Pharo, which would use the identity hash).
 * Values of the built-in classes keep the built-in equality (see keyOf): no send is made.
 *
 * These sends must answer at once, as a sort block must: an `=` or `hash` that waits (a persona's
 * reply) is refused with a clear error.
 */
export class OwnEquality {
    private readonly hashes = new Map<unknown, unknown>();

    public constructor(private readonly f: Frame, private readonly i: Interpreter, private readonly selector: string) {}

    /** True when `value`'s class defines `=` in Smalltalk (numbers, host strings and nil never do: they are not looked up). */
    public applies(value: unknown): boolean {
        return typeof value === "object" && value !== null && this.i.hasSmalltalkMethod(value, "=");
    }

    /** The bucket of a value whose class defines `=`: its own hash, or its class when it defines none. */
    public bucketOf(value: unknown): unknown {
        if (this.hashes.has(value)) return this.hashes.get(value);
        let bucket: unknown;
        if (this.i.hasSmalltalkMethod(value, "hash")) {
            const h = this.sendNow(value, "hash", []);
            if (typeof h !== "number" && typeof h !== "bigint") throw new PrimitiveFailedError(this.selector, `hash must answer an Integer, but ${printString(value)} hash answered ${printString(h)}.`);
            bucket = typeof h === "bigint" ? String(h) : h;
        } else bucket = this.i.describeClassOf(value) + "\u0000class";
        this.hashes.set(value, bucket);
        return bucket;
    }

    /** `a = b`, sent to `a`. */
    public equal(a: unknown, b: unknown): boolean {
        const r = this.sendNow(a, "=", [b]);
        if (typeof r !== "boolean") throw new PrimitiveFailedError(this.selector, `= must answer true or false, but ${printString(a)} = ${printString(b)} answered ${printString(r)}.`);
        return r;
    }

    /** The index of the first of `items` equal to `value` (`value` applies), or -1. */
    public indexIn(items: readonly unknown[], value: unknown): number {
        const bucket = this.bucketOf(value);
        for (let k = 0; k < items.length; k++) {
            const item = items[k];
            if (item === value) return k;
            if (this.applies(item) && this.bucketOf(item) !== bucket) continue;
            if (this.equal(value, item)) return k;
        }
        return -1;
    }

    /** How many of `items` equal `value` (`value` applies). */
    public countIn(items: readonly unknown[], value: unknown): number {
        let n = 0;
        const bucket = this.bucketOf(value);
        for (const item of items) {
            if (item === value) n++;
            else if ((!this.applies(item) || this.bucketOf(item) === bucket) && this.equal(value, item)) n++;
        }
        return n;
    }

    /** Adds `items` to `set`, each unless an equal one is there: the own-equality ones by bucket. */
    public addAll(set: StSet, items: readonly unknown[]): void {
        let buckets: Map<unknown, unknown[]> | null = null;
        for (const item of items) {
            if (!this.applies(item)) {
                set.add(item);
                continue;
            }
            buckets ??= this.bucketsOf(set.values());
            const bucket = this.bucketOf(item);
            const members = buckets.get(bucket) ?? [];
            if (members.some((m) => m === item || this.equal(item, m))) continue;
            members.push(item);
            buckets.set(bucket, members);
            set.add(item);
        }
    }

    /** The association of `dictionary` whose key equals `key` (`key` applies), or undefined. */
    public associationAt(dictionary: Dictionary, key: unknown): Association | undefined {
        const associations = dictionary.associations();
        const k = this.indexIn(associations.map((a) => a.key), key);
        return k < 0 ? undefined : associations[k];
    }

    private bucketsOf(values: readonly unknown[]): Map<unknown, unknown[]> {
        const buckets = new Map<unknown, unknown[]>();
        for (const v of values) {
            if (!this.applies(v)) continue;
            const bucket = this.bucketOf(v);
            const members = buckets.get(bucket);
            if (members == null) buckets.set(bucket, [v]);
            else members.push(v);
        }
        return buckets;
    }

    private sendNow(receiver: unknown, selector: string, args: readonly unknown[]): unknown {
        const r = this.i.send(receiver, selector, args, this.f);
        if (r instanceof Promise) {
            r.catch(() => undefined);
            throw new PrimitiveFailedError(this.selector, `${selector === "=" ? "=" : "hash"} of ${printString(receiver)} must answer at once here; it cannot wait for a persona's reply.`);
        }
        return r;
    }
}
