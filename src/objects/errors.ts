/**
 * Errors of the object layer. Each names what was expected, what was found, and the fix.
 */
export class MessageNotUnderstoodError extends Error {
    public readonly userError = true;
    public override readonly name = "MessageNotUnderstoodError";

    public constructor(
        public readonly receiver: string,
        public readonly selector: string,
        /** The selectors the receiver does understand that are nearest to `selector`, nearest first. */
        public readonly nearest: readonly string[],
        options?: {cause?: unknown}
    ) {
        super(
            `${receiver} does not understand #${selector}.` +
            (nearest.length > 0 ? ` Did you mean ${nearest.map((s) => "#" + s).join(", ")}?` : "") +
            ` Define it with \`${receiver} compile: '${selector.includes(":") ? selector.split(":")[0] + ": x" : selector} ^ ...'\`` +
            `, give the persona a doesNotUnderstand: method, or let its model answer in prose (${receiver} doesNotUnderstandPolicy: #ask).`,
            options
        );
    }
}

export class WrongArgumentCountError extends Error {
    public readonly userError = true;
    public override readonly name = "WrongArgumentCountError";

    public constructor(public readonly selector: string, public readonly expected: number, public readonly got: number) {
        super(`#${selector} takes ${expected} argument${expected === 1 ? "" : "s"}, but ${got} ${got === 1 ? "was" : "were"} given.`);
    }
}

export class UnknownPersonaError extends Error {
    public readonly userError = true;
    public override readonly name = "UnknownPersonaError";

    public constructor(public readonly persona: string, public readonly known: readonly string[]) {
        super(`There is no persona ${JSON.stringify(persona)} in this image. Known personas: ${known.join(", ") || "(none)"}.`);
    }
}

/** A slot write whose value has the wrong shape. Nothing was changed. */
export class SlotValidationError extends Error {
    public readonly userError = true;
    public override readonly name = "SlotValidationError";

    public constructor(public readonly slot: string, public readonly expected: string, public readonly found: string) {
        super(`Slot ${slot} expects ${expected}, but got ${found}. Nothing was changed.`);
    }
}
