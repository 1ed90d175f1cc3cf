/** I am raised when a disposed bus is asked to subscribe; publishing to one is silently ignored instead. */
export class BusDisposedError extends Error {
    public readonly userError = true;
    public override readonly name = "BusDisposedError";

    public constructor(public readonly kind: string) {
        super(`This ${kind} bus is disposed and takes no new subscriptions: create a new one with createBus(url) and subscribe to that.`);
    }
}
