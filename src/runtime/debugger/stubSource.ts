import {Proto, selectorArity} from "../../objects/index.js";
import type {StClass} from "../../lang/index.js";
import { classOf} from "../../lang/index.js";

/** `anInteger`, `aString`, `aPersona`: an argument named after what it is, as Pharo's Create names them. */
export function argumentName(value: unknown, taken: Set<string>): string {
    const cls = value instanceof Proto ? "Persona" : value == null ? "Object" : classOf(value).name;
    const kind = /^(Small|Large|LargePositive|LargeNegative)Integer$/.test(cls) ? "Integer" : /^Byte(String|Symbol)$/.test(cls) ? cls.slice(4) : cls;
    const base = `${/^[AEIOU]/.test(kind) ? "an" : "a"}${kind}`.replace(/[^A-Za-z0-9]/g, "");
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    taken.add(name);
    return name;
}

/** The slots of the holder that `selector` names, if any: a persona's free slots or a class's instance variables. */
function namesSlot(holder: Proto | StClass, selector: string): boolean {
    const name = selector.endsWith(":") ? selector.slice(0, -1) : selector;
    if (holder instanceof Proto) return Object.hasOwn(holder.record.slots, name);
    return holder.allInstanceVariables().includes(name);
}

/**
 * The method Create compiles for `selector`: an accessor when the selector names a slot (`mood` answers it,
 * `mood:` sets it; no model involved), else a stub with arguments named after the real ones that signals it is
 * not written yet, so the debugger opens inside it with the real arguments in its context.
 */
export function stubSource(holder: Proto | StClass, selector: string, args: readonly unknown[]): string {
    const arity = selectorArity(selector);
    if (namesSlot(holder, selector) && arity <= 1) {
        const slot = selector.replace(/:$/, "");
        return arity === 0 ? `${slot}\n    ^ ${slot}` : `${slot}: anObject\n    ${slot} := anObject`;
    }
    const taken = new Set<string>();
    const names = args.map((a) => argumentName(a, taken));
    const pattern = arity === 0 ? selector
        : /^[A-Za-z]/.test(selector) ? selector.split(":").filter((p) => p !== "").map((part, i) => `${part}: ${names[i]}`).join(" ")
            : `${selector} ${names[0]}`;
    const who = holder instanceof Proto ? holder.name : holder.name;
    return `${pattern}\n    "Created in the debugger. Write it, accept, then Proceed."\n    ^ Error signal: '${who}>>${selector} is not written yet'`;
}
