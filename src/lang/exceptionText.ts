import {Message, Proto} from "../objects/index.js";
import {classes, classOf} from "./classes.js";
import {displayString} from "./printString.js";
import type {ExceptionObject} from "./values/ExceptionObject.js";

/** `messageText` as Pharo answers it: what was given, else the standard text of the kind (MessageNotUnderstood…), else ''. */
export function exceptionMessageText(exception: ExceptionObject): string {
    const text = exception.messageText;
    if (text != null) return typeof text === "string" ? text : displayString(text);
    if (exception.cls.includesBehavior(classes.MessageNotUnderstood) && exception.message instanceof Message) {
        const selector = exception.message.selector;
        if (exception.receiver == null) return `receiver of "${selector}" is nil`;
        const receiver = exception.receiver;
        return `Message not understood: ${receiver instanceof Proto ? receiver.toString() : classOf(receiver).name} >> #${selector}`;
    }
    return "";
}

/** Pharo's `description` (and what an exception prints as): its class name, then `: messageText` when there is one. */
export function exceptionDescription(exception: ExceptionObject): string {
    const text = exceptionMessageText(exception);
    return text === "" ? exception.cls.name : `${exception.cls.name}: ${text}`;
}
