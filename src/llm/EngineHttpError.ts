import {EngineError} from "./EngineError.js";

/** I am a failed HTTP exchange with an engine server: unreachable (`status` null) or an error status. */
export class EngineHttpError extends EngineError {
    override readonly name = "EngineHttpError";
    readonly url: string;
    readonly method: string;
    readonly status: number | null;
    readonly serverMessage: string | null;

    constructor(message: string, fields: {engine: string, url: string, method: string, status: number | null, serverMessage: string | null, cause?: unknown}) {
        super(message, {engine: fields.engine, cause: fields.cause});
        this.url = fields.url;
        this.method = fields.method;
        this.status = fields.status;
        this.serverMessage = fields.serverMessage;
    }
}
