import {EngineError} from "../llm/EngineError.js";

/** I say why an adapter was refused before a swap; the old adapter keeps serving. */
export class AdapterRejectedError extends EngineError {
    public readonly userError = true;
    override readonly name = "AdapterRejectedError";
    readonly path: string;
    readonly reason: string;

    constructor(path: string, reason: string, options: {engine: string, personaId?: string | null, cause?: unknown}) {
        super(`Adapter ${path} was refused: ${reason}. The persona keeps its current adapter; ` +
            "give a LoRA GGUF trained for this base model (general.type = adapter), under a new file name.", options);
        this.path = path;
        this.reason = reason;
    }
}
