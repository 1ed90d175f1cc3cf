/** I am a failure of an inference engine: `engine` names which one, `personaId` whose request failed. */
export class EngineError extends Error {
    override readonly name: string = "EngineError";
    readonly engine: string;
    readonly personaId: string | null;

    constructor(message: string, options: {engine: string, personaId?: string | null, cause?: unknown}) {
        super(message, options.cause === undefined ? undefined : {cause: options.cause});
        this.engine = options.engine;
        this.personaId = options.personaId ?? null;
    }
}
