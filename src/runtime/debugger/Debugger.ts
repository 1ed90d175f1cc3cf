import {Message, Proto} from "../../objects/index.js";
import type {DebugAction, DebugRequest} from "../../lang/index.js";
import type {Runtime} from "../Runtime.js";
import {DebugSession} from "./DebugSession.js";

export type DebuggerListener = (session: DebugSession) => void;

/**
 * I hold the runtime's debugger: once a front end that can show one attaches (the browser), an
 * unhandled error opens a DebugSession while its stack is alive, instead of ending the run; a
 * doesNotUnderstand does so only for a persona whose policy is #debug (a persona's own
 * doesNotUnderstand: method, and #ask, answer before it gets here; #signal ends the run). Without a
 * listener nothing opens, so nothing can wait for a person who is not there.
 */
export class Debugger {
    private readonly listeners = new Set<DebuggerListener>();
    private readonly open = new Set<DebugSession>();

    public constructor(private readonly runtime: Runtime) {}

    /** Shows every session that opens to `listener` (the browser's debugger pane); answers a function that detaches it. */
    public attach(listener: DebuggerListener): () => void {
        this.listeners.add(listener);
        return () => {
            this.listeners.delete(listener);
            // Nobody is left to decide: the runs waiting end with their errors.
            if (this.listeners.size === 0) for (const session of [...this.open]) if (!session.closed) session.abandon();
        };
    }

    public get attached(): boolean {
        return this.listeners.size > 0;
    }

    /** The sessions waiting for a decision, oldest first. */
    public sessions(): DebugSession[] {
        return [...this.open].filter((s) => !s.closed);
    }

    /** The interpreter's hook (see DebuggerHook): a session for `request`, or undefined when no debugger takes it. */
    public take(request: DebugRequest): Promise<DebugAction> | undefined {
        if (this.listeners.size === 0) return undefined;
        const {exception} = request;
        if (exception.message instanceof Message && exception.receiver instanceof Proto && this.runtime.dnuPolicyOf(exception.receiver) !== "debug") return undefined;
        const session = new DebugSession(this.runtime, request);
        this.open.add(session);
        void session.decision.then(() => this.open.delete(session));
        for (const listener of this.listeners) listener(session);
        return session.decision;
    }
}
