import type {Frame} from "../Frame.js";
import {StObject} from "../StClass.js";
import type {StClass} from "../StClass.js";

/**
 * I am an exception (an instance of Exception or a subclass, built-in or of one's own): an object
 * with the state Pharo's exceptions have. `signalContext` is where I was signalled,
 * `handlerContext` the on:do: context whose handler runs now, `hostError` the JavaScript error I
 * was made from (a builtin's PrimitiveFailedError, a ZeroDivideError…), which gives my default
 * description and is what an unhandled error reports.
 */
export class ExceptionObject extends StObject {
    public messageText: unknown = null;
    public signalContext: Frame | null = null;
    public handlerContext: Frame | null = null;
    /** The context from which the next handler is searched (`outer` and `pass` move it outwards). */
    public searchFrom: Frame | null = null;
    public hostError: Error | null = null;
    /** For a MessageNotUnderstood: the receiver and the message. */
    public receiver: unknown = null;
    public message: unknown = null;
    /** Set while an outer handler runs for `outer`: where its resumption returns. */
    public outerContext: object | null = null;
    public signalerContext: Frame | null = null;

    public constructor(cls: StClass, ivars: unknown[]) {
        super(cls, ivars);
    }
}
