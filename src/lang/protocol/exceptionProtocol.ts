import {Message} from "../../objects/index.js";
import {BlockClosure} from "../BlockClosure.js";
import {classes} from "../classes.js";
import {PrimitiveFailedError} from "../errors.js";
import {exceptionDescription, exceptionMessageText} from "../exceptionText.js";
import {Frame} from "../Frame.js";
import type {FrameInfo} from "../Frame.js";
import {UnwindMarker} from "../HandlerMarker.js";
import type {Interpreter} from "../Interpreter.js";
import {printString} from "../printString.js";
import {andThen, guarded, withFinally} from "../sequence.js";
import {ExceptionObject} from "../values/ExceptionObject.js";
import {ExceptionSet} from "../values/ExceptionSet.js";
import {StSymbol} from "../values/StSymbol.js";
import {valueOf} from "./support.js";

const unwindInfo = (selector: "ensure:" | "ifCurtailed:"): FrameInfo => ({kind: "builtin", selector, names: [], numArgs: 0, source: "", start: 0, end: 0});
const ensureInfo = unwindInfo("ensure:");
const curtailedInfo = unwindInfo("ifCurtailed:");

function block(value: unknown, selector: string): BlockClosure {
    if (!(value instanceof BlockClosure)) throw new PrimitiveFailedError(selector, `the receiver must be a block, not ${printString(value)}.`);
    return value;
}

/** `[…] ensure: [...]`: the second block runs however the first ends (its value, a return, an unwinding error), after any handler. */
function ensure(self: BlockClosure, after: unknown, f: Frame, i: Interpreter): unknown {
    const context = new Frame(ensureInfo, 0, null, self, f.exec, null, f);
    context.at = f.at;
    context.marker = new UnwindMarker("ensure:", after);
    return withFinally(() => i.callBlock(self, [], context), () => valueOf(i, after, [], context));
}

/** `[…] ifCurtailed: [...]`: the second block runs only when the first does not end normally. */
function ifCurtailed(self: BlockClosure, after: unknown, f: Frame, i: Interpreter): unknown {
    const context = new Frame(curtailedInfo, 0, null, self, f.exec, null, f);
    context.at = f.at;
    context.marker = new UnwindMarker("ifCurtailed:", after);
    return guarded(() => i.callBlock(self, [], context), (error) => andThen(valueOf(i, after, [], context), () => {
        throw error;
    }));
}

function exceptionSet(a: unknown, b: unknown): ExceptionSet {
    const members = [...(a instanceof ExceptionSet ? a.members : [a]), ...(b instanceof ExceptionSet ? b.members : [b])];
    return new ExceptionSet(members);
}

/** Exceptions as in Pharo: signal, handlers (on:do:, ExceptionSet), resumption, retry, pass, outer, ensure:, ifCurtailed:. */
export function installExceptionProtocol(): void {
    classes.BlockClosure.define<BlockClosure>({
        "on:do:": (self, [selector, handler], f, i) => i.exceptions.onDo(self, selector, handler, f),
        "ensure:": (self, [after], f, i) => ensure(self, after, f, i),
        "ifCurtailed:": (self, [after], f, i) => ifCurtailed(self, after, f, i)
    });
    classes.Exception.defineClassSide({
        "signal": (self, _a, f, i) => andThen(i.send(self, "new", [], f), (e) => i.send(e, "signal", [], f)),
        "signal:": (self, [text], f, i) => andThen(i.send(self, "new", [], f), (e) => i.send(e, "signal:", [text], f)),
        "new": (self, _a, f, i) => {
            const exception = i.definitions.instantiate(self);
            return andThen(i.send(exception, "initialize", [], f), () => exception);
        },
        ",": (self, [other]) => exceptionSet(self, other),
        "handles:": (self, [exception]) => exception instanceof ExceptionObject && exception.cls.includesBehavior(self)
    });
    classes.ExceptionSet.define<ExceptionSet>({
        ",": (self, [other]) => exceptionSet(self, other),
        "handles:": (self, [exception], f, i) => self.members.some((m) => i.send(m, "handles:", [exception], f) === true)
    });
    classes.Exception.define<ExceptionObject>({
        "signal": (self, _a, f, i) => i.exceptions.signal(self, f),
        "signal:": (self, [text], f, i) => {
            self.messageText = text;
            return i.exceptions.signal(self, f);
        },
        "messageText": (self) => exceptionMessageText(self),
        "messageText:": (self, [text]) => {
            self.messageText = text;
            return self;
        },
        "description": (self) => exceptionDescription(self),
        "return": (self, _a, _f, i) => i.exceptions.returnFrom(self, null),
        "return:": (self, [value], _f, i) => i.exceptions.returnFrom(self, value),
        "retry": (self, _a, _f, i) => i.exceptions.retry(self),
        "retryUsing:": (self, [replacement], _f, i) => i.exceptions.retry(self, block(replacement, "retryUsing:")),
        "resume": (self, _a, f, i) => i.exceptions.resume(self, null, f),
        "resume:": (self, [value], f, i) => i.exceptions.resume(self, value, f),
        "pass": (self, _a, _f, i) => i.exceptions.pass(self),
        "outer": (self, _a, _f, i) => i.exceptions.outer(self),
        "isResumable": () => true,
        "defaultAction": (self, _a, _f, i) => i.exceptions.builtinDefaultAction(self),
        "signalerContext": (self) => self.signalerContext,
        "signalContext": (self) => self.signalContext,
        "receiver": (self) => self.cls.includesBehavior(classes.MessageNotUnderstood) ? self.receiver : self.signalerContext?.self ?? null,
        "signaler": (self) => self.signalerContext?.self ?? null,
        "tag": (self) => exceptionMessageText(self),
        "isNested": () => false
    });
    classes.Error.define<ExceptionObject>({"isResumable": () => false});
    classes.ArithmeticError.define<ExceptionObject>({"isResumable": () => true});
    classes.MessageNotUnderstood.define<ExceptionObject>({
        "isResumable": () => true,
        "message": (self) => self.message,
        "receiver": (self) => self.receiver,
        // Not in Pharo (which has `message selector`), kept for code written before.
        "selector": (self) => self.message instanceof Message ? StSymbol.intern(self.message.selector) : null
    });
}
