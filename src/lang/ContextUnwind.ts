import type {CompiledCode} from "./Compiler.js";
import type {Frame} from "./Frame.js";

/**
 * Thrown to end or restart a context from outside it (what a debugger's Return and Restart do):
 * the activation of `target` catches it and answers `value` ("return") or runs again with its
 * temporaries reset ("restart", with `code` when its method was edited in the debugger); `ensure:` blocks on the way run as the stack unwinds. Not an
 * Error: control flow, never seen by Smalltalk handlers.
 */
export class ContextUnwind {
    public constructor(
        public readonly target: Frame,
        public readonly kind: "return" | "restart",
        public readonly value: unknown = null,
        public readonly code: CompiledCode | null = null
    ) {}
}
