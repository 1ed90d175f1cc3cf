/**
 * I mean code a model wrote tried to reach past the clone it runs on: save the image, swap a model or
 * adapter, name a file, chat, change another persona, or publish on the bus. Synthesis gates stop it.
 */
export class CapabilityDeniedError extends Error {
    public readonly userError = true;
    public override readonly name = "CapabilityDeniedError";

    public constructor(public readonly capability: string, public readonly detail: string) {
        super(`A synthesized draft may not ${detail} (${capability}): code a model wrote runs on a clone of the persona and reaches nothing outside it. Write that part of the method yourself, or grant it by compiling the method by hand.`);
    }
}
