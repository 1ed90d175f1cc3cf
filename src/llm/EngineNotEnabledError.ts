import {EngineError} from "./EngineError.js";

/** I am raised when an engine kind is asked for before its plugin was enabled. */
export class EngineNotEnabledError extends EngineError {
    public readonly userError = true;
    override readonly name = "EngineNotEnabledError";
    readonly requested: string;

    constructor(requested: string, enableCall: string | null, enabled: readonly string[]) {
        super(enableCall == null
            ? `Unknown engine kind "${requested}". Enabled kinds: ${enabled.join(", ") || "none"}.`
            : `The "${requested}" engine is not enabled: call ${enableCall} (exported by src/llm) once at start-up before createEngine("${requested}", …).`,
        {engine: requested});
        this.requested = requested;
    }
}
