import type {BlockClosure} from "../BlockClosure.js";
import {classes} from "../classes.js";
import {PrimitiveFailedError} from "../errors.js";
import type {Frame} from "../Frame.js";
import type {Interpreter} from "../Interpreter.js";
import {printString} from "../printString.js";
import {andThen} from "../sequence.js";
import {expectBoolean, valueOf} from "./support.js";

function whileLoop(self: BlockClosure, body: unknown, want: boolean, selector: string, f: Frame, interpreter: Interpreter): unknown {
    for (;;) {
        const c = interpreter.callBlock(self, [], f);
        if (c instanceof Promise) return c.then((v) => afterCondition(v));
        if (expectBoolean(c, selector) !== want) return null;
        if (body != null) {
            const r = valueOf(interpreter, body, [], f);
            if (r instanceof Promise) return r.then(() => whileLoop(self, body, want, selector, f, interpreter));
        }
    }
    function afterCondition(v: unknown): unknown {
        if (expectBoolean(v, selector) !== want) return null;
        return body == null ? whileLoop(self, body, want, selector, f, interpreter)
            : andThen(valueOf(interpreter, body, [], f), () => whileLoop(self, body, want, selector, f, interpreter));
    }
}

function repeat(self: BlockClosure, f: Frame, interpreter: Interpreter): unknown {
    for (;;) {
        const r = interpreter.callBlock(self, [], f);
        if (r instanceof Promise) return r.then(() => repeat(self, f, interpreter));
    }
}

/** Blocks: evaluation and loops (exceptionProtocol adds on:do:, ensure: and ifCurtailed:). */
export function installBlockProtocol(): void {
    classes.BlockClosure.define<BlockClosure>({
        "value": (self, _a, f, i) => i.callBlock(self, [], f),
        "value:": (self, args, f, i) => i.callBlock(self, args, f),
        "value:value:": (self, args, f, i) => i.callBlock(self, args, f),
        "value:value:value:": (self, args, f, i) => i.callBlock(self, args, f),
        "value:value:value:value:": (self, args, f, i) => i.callBlock(self, args, f),
        "valueWithArguments:": (self, [args], f, i) => {
            if (!Array.isArray(args)) throw new PrimitiveFailedError("valueWithArguments:", `the argument must be an Array, not ${printString(args)}.`);
            return i.callBlock(self, args, f);
        },
        "cull:": (self, [a], f, i) => i.callBlock(self, self.numArgs === 0 ? [] : [a], f),
        "cull:cull:": (self, args, f, i) => i.callBlock(self, args.slice(0, Math.min(self.numArgs, 2)), f),
        "cull:cull:cull:": (self, args, f, i) => i.callBlock(self, args.slice(0, Math.min(self.numArgs, 3)), f),
        "numArgs": (self) => self.numArgs,
        "isBlock": () => true,
        "whileTrue:": (self, [body], f, i) => whileLoop(self, body, true, "whileTrue:", f, i),
        "whileFalse:": (self, [body], f, i) => whileLoop(self, body, false, "whileFalse:", f, i),
        "whileTrue": (self, _a, f, i) => whileLoop(self, null, true, "whileTrue", f, i),
        "whileFalse": (self, _a, f, i) => whileLoop(self, null, false, "whileFalse", f, i),
        "repeat": (self, _a, f, i) => repeat(self, f, i)
    });
}
