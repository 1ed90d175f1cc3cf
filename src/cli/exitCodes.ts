import {errorPosition} from "../index.js";
import {UsageError} from "./UsageError.js";

// Errors whose message tells the user what to fix: exit code 1. Anything else is our fault: 2.
const userErrorNames = new Set([
    "UsageError", "UnknownPersonaError", "MessageNotUnderstoodError", "WrongArgumentCountError", "SlotValidationError",
    "InvalidCodexError", "SwapRefusedError", "DuplicatePersonaError", "CorruptImageError", "ImageLockedError",
    "ReadOnlyImageError", "ParseError", "SmalltalkRuntimeError", "StepBudgetExceededError", "NoEngineError",
    "BlockCannotReturnError", "GgufReadError", "AdapterRejectedError", "ModelUnavailableError", "ForgeFailedError",
    "ForgeCancelledError", "GoldenImportError", "RedisUnavailableError", "BusDisposedError", "MigrationError",
    "RecursionTooDeepError", "UndeclaredVariableError", "WrongBlockArgumentCountError", "ZeroDivideError", "PrimitiveFailedError",
    "SmalltalkUserError", "BuiltinMessageNotUnderstoodError", "SubscriptionError", "UnsupportedBusUrlError", "CorruptJournalError",
    "ImageNotFoundError", "RubricError", "RatingError", "UnknownInteractionError", "CycleError", "ForgeCommandError", "LoraJobError",
    "AdapterVerificationError", "EngineNotEnabledError", "GoldenSampleError", "CurationSettingError", "JudgeFailedError", "NoJudgeEngineError"
]);

export function exitCodeFor(error: unknown): number {
    if (error instanceof UsageError) return 1;
    if (error instanceof Error && userErrorNames.has(error.name)) return 1;
    const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
    if (code === "ENOENT" || code?.startsWith("ERR_PARSE_ARGS_")) return 1;
    return 2;
}

export function formatError(error: unknown, code: number): string {
    if (!(error instanceof Error)) return `living-image: ${String(error)}`;
    const position = errorPosition(error);
    const snippet = typeof (error as {snippet?: unknown}).snippet === "function"
        ? "\n" + (error as unknown as {snippet(): string}).snippet()
        : position != null ? `\n(line ${position.line}, column ${position.column})\n${position.snippet}` : "";
    if (code === 1) {
        if ((error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS_") === true)
            return `living-image: ${error.message.split(". ")[0]!.replace(/\.$/, "")}. Run living-image --help for the options.`;
        return `living-image: ${error.message}${snippet}`;
    }
    return `living-image: internal error: ${error.stack ?? error.message}\nThis is a bug in Living Image; the image and its journal are unchanged by this error.`;
}
