/** I am raised by `createBus` for a bus address it cannot serve. */
export class UnsupportedBusUrlError extends Error {
    public readonly userError = true;
    public override readonly name = "UnsupportedBusUrlError";

    public constructor(public readonly url: string) {
        super(`Unsupported bus address ${JSON.stringify(url)}: expected "memory" (the in-process bus) or ` +
            "redis://HOST:PORT[/DB][?namespace=NAME] (Redis Streams). Pass one of these to --bus or set it in the image's settings.");
    }
}
