/** I mean no scrapbook entry of the persona has the interaction id that was to be judged or rated. */
export class UnknownInteractionError extends Error {
    public readonly userError = true;
    public override readonly name = "UnknownInteractionError";

    public constructor(public readonly persona: string, public readonly interactionId: string) {
        super(`${persona} has no interaction ${interactionId} in its scrapbook. Rate an id from \`${persona} scrapbook\` (the chatCompleted event carries it).`);
    }
}
