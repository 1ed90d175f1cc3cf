import {ForgeError} from "./ForgeError.js";

/** I carry an `error` event the forge sent on purpose: `kind` is its reason ("invalid_job", "invalid_gguf", ...). */
export class ForgeFailedError extends ForgeError {
    public readonly userError = true;
    override readonly name = "ForgeFailedError";
    readonly kind: string;
    readonly forgeMessage: string;

    constructor(kind: string, forgeMessage: string, options: {command: string, exitCode?: number | null,
        signal?: string | null, stderrTail?: string}) {
        super(`The forge (${options.command}) failed (${kind}): ${forgeMessage}`, options);
        this.kind = kind;
        this.forgeMessage = forgeMessage;
    }
}
