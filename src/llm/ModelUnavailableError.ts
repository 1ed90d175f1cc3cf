import {EngineError} from "./EngineError.js";

/** I say that a model could not be found or fetched (missing file, offline, bad URI). */
export class ModelUnavailableError extends EngineError {
    public readonly userError = true;
    override readonly name = "ModelUnavailableError";
    readonly uri: string;
    readonly reason: "missing" | "offline" | "invalid" | "failed";

    constructor(uri: string, reason: ModelUnavailableError["reason"], message: string, options: {engine?: string, cause?: unknown} = {}) {
        super(message, {engine: options.engine ?? "node-llama-cpp", cause: options.cause});
        this.uri = uri;
        this.reason = reason;
    }
}
