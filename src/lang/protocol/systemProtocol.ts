import {Message, passMarker} from "../../objects/index.js";
import {classes} from "../classes.js";
import {describeContext} from "../describeContext.js";
import type {Frame} from "../Frame.js";
import type {InterpreterHost} from "../InterpreterHost.js";
import {PrimitiveFailedError} from "../errors.js";
import {fromHost} from "../hostValues.js";
import {displayString, printString} from "../printString.js";
import {StSymbol} from "../values/StSymbol.js";
import {expectString} from "./support.js";

/** Reads an own data property of a host record; getters and inherited members are never touched. */
function recordAt(record: object, key: string): {found: boolean, value: unknown} {
    if (!Object.hasOwn(record, key)) return {found: false, value: null};
    const descriptor = Object.getOwnPropertyDescriptor(record, key);
    if (descriptor == null || !("value" in descriptor) || typeof descriptor.value === "function") return {found: false, value: null};
    return {found: true, value: fromHost(descriptor.value)};
}

function newPersona(host: InterpreterHost, from: Frame, selector: string, name: string, codexFile: string, model: string | null): Promise<unknown> {
    host.hostReach?.(`Image ${selector}`, from);
    if (host.image.newPersona == null) throw new PrimitiveFailedError(selector, "this image cannot make personas (it has no ProtoManager).");
    return host.image.newPersona(name, codexFile, model);
}

/** Classes as objects, Message, thisContext, Transcript, Image and host records. */
export function installSystemProtocol(): void {
    classes.Message.define<Message>({
        "selector": (self) => StSymbol.intern(self.selector),
        "arguments": (self) => self.args.map((a) => fromHost(a)),
        "argument": (self) => fromHost(self.args[0]),
        "numArgs": (self) => self.args.length,
        "pass": () => passMarker,
        "sendTo:": (self, [receiver], f, i) => i.send(receiver, self.selector, self.args.map((a) => fromHost(a)), f)
    });
    classes.Message.defineClassSide({
        "selector:arguments:": (_c, [selector, args]) => {
            if (!Array.isArray(args)) throw new PrimitiveFailedError("selector:arguments:", "the arguments must be an Array.");
            return new Message(expectString(selector, "selector:arguments:"), args);
        }
    });

    const tempIndex = (self: Frame, name: unknown, selector: string): number => {
        const index = self.info.names.lastIndexOf(expectString(name, selector));
        if (index < 0) throw new PrimitiveFailedError(selector, `there is no variable ${printString(name)} in this context; its variables are ${self.info.names.join(" ") || "(none)"}.`);
        return index;
    };
    classes.Context.define<Frame>({
        "receiver": (self) => self.self,
        "selector": (self) => self.home.info.selector == null ? StSymbol.intern("DoIt") : StSymbol.intern(self.home.info.selector),
        "method": (self) => self.info.source,
        "sourceCode": (self) => self.info.source,
        "sender": (self) => self.sender,
        "home": (self) => self.home,
        "methodContext": (self) => self.home,
        "outerContext": (self) => self.outer,
        "tempNames": (self) => self.info.names.map((n) => n),
        "arguments": (self) => self.vars.slice(0, self.info.numArgs),
        "tempNamed:": (self, [name]) => self.vars[tempIndex(self, name, "tempNamed:")],
        "tempNamed:put:": (self, [name, value]) => (self.vars[tempIndex(self, name, "tempNamed:put:")] = value),
        "isBlockContext": (self) => self.info.kind === "block",
        "isDead": (self) => self.dead,
        "depth": (self) => self.depth,
        "stack": (self) => {
            const contexts: Frame[] = [];
            for (let c: Frame | null = self; c != null && contexts.length < 10_000; c = c.sender) contexts.push(c);
            return contexts;
        },
        "printString": (self) => describeContext(self),
        "stepsUsed": (self) => self.exec.steps,
        "stepBudget": (self) => self.exec.stepLimit === Infinity ? null : self.exec.stepLimit
    });

    classes.TranscriptStream.define<unknown>({
        "show:": (self, [value], _f, i) => {
            i.host.transcript(typeof value === "string" ? value : displayString(value));
            return self;
        },
        "display:": (self, [value], _f, i) => {
            i.host.transcript(displayString(value));
            return self;
        },
        "print:": (self, [value], _f, i) => {
            i.host.transcript(printString(value));
            return self;
        },
        "cr": (self, _a, _f, i) => {
            i.host.transcript("\n");
            return self;
        },
        "nl": (self, _a, _f, i) => {
            i.host.transcript("\n");
            return self;
        },
        "tab": (self, _a, _f, i) => {
            i.host.transcript("\t");
            return self;
        },
        "space": (self, _a, _f, i) => {
            i.host.transcript(" ");
            return self;
        },
        "showln:": (self, [value], _f, i) => {
            i.host.transcript((typeof value === "string" ? value : displayString(value)) + "\n");
            return self;
        }
    });

    classes.Image.define<unknown>({
        "save": (_self, _a, f, i) => {
            i.host.hostReach?.("Image save", f);
            return i.host.image.save().then((v) => fromHost(v));
        },
        "saveAs:": (_self, [path], f, i) => {
            i.host.hostReach?.("Image saveAs:", f);
            return i.host.image.saveAs(expectString(path, "saveAs:", "path")).then((v) => fromHost(v));
        },
        "personas": (_self, _a, _f, i) => fromHost(i.host.image.personas()),
        "personaNames": (_self, _a, _f, i) => i.host.personaNames().map((n) => n),
        "changes": (_self, _a, _f, i) => fromHost(i.host.image.changes()),
        "newPersona:codex:": (_self, [name, codex], f, i) =>
            newPersona(i.host, f, "newPersona:codex:", expectString(name, "newPersona:codex:", "name"), expectString(codex, "newPersona:codex:", "codex file"), null),
        "newPersona:codex:model:": (_self, [name, codex, model], f, i) =>
            newPersona(i.host, f, "newPersona:codex:model:", expectString(name, "newPersona:codex:model:", "name"),
                expectString(codex, "newPersona:codex:model:", "codex file"), expectString(model, "newPersona:codex:model:", "model file"))
    });

    classes.Record.define<object>({
        "at:": (self, [key]) => {
            const {found, value} = recordAt(self, expectString(key, "at:", "key"));
            if (!found) throw new PrimitiveFailedError("at:", `this record has no field ${printString(key)}; its fields are ${Object.keys(self).join(", ") || "(none)"}.`);
            return value;
        },
        "at:ifAbsent:": (self, [key, block], f, i) => {
            const {found, value} = recordAt(self, expectString(key, "at:ifAbsent:", "key"));
            return found ? value : i.send(block, "value", [], f);
        },
        "includesKey:": (self, [key]) => recordAt(self, expectString(key, "includesKey:", "key")).found,
        "keys": (self) => Object.keys(self).map((k) => StSymbol.intern(k)),
        "size": (self) => Object.keys(self).length,
        "isRecord": () => true
    });
}
