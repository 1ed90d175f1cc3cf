import {EngineError} from "./EngineError.js";

/**
 * I say why an Ollama server could not list, show or delete its models: it does not answer (`status` null, with
 * how long it was given), or it answered an error (`status`, the server's own message). Either is the user's or the
 * environment's to fix: the message says how.
 */
export class OllamaLibraryError extends EngineError {
    public readonly userError = true;
    override readonly name = "OllamaLibraryError";
    readonly origin: string;
    readonly status: number | null;

    constructor(message: string, fields: {origin: string, status: number | null, cause?: unknown}) {
        super(message, {engine: "ollama", cause: fields.cause});
        this.origin = fields.origin;
        this.status = fields.status;
    }
}
