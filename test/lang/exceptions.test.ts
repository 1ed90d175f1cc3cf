import {describe, expect, it} from "vitest";
import {UnhandledExceptionError, errorPosition} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {errorOf, printIt} from "./helpers/run.js";

describe("exceptions as in Pharo", () => {
    it("runs the handler before ensure: blocks unwind, and ifCurtailed: only on an abnormal exit", async () => {
        const w = new LangTestWorld();
        expect(await printIt("| log | log := OrderedCollection new. [[1/0] ensure: [log add: #ensure]] on: ZeroDivide do: [:e | log add: #handler. 0]. log", w))
            .toBe("an OrderedCollection(#handler #ensure)");
        expect(await printIt("| log | log := OrderedCollection new. [[1/0. log add: #after] ifCurtailed: [log add: #curtailed]] on: ZeroDivide do: [:e | e resume: 1]. log", w))
            .toBe("an OrderedCollection(#after)");
        expect(await printIt("| log | log := OrderedCollection new. [[1/0] ifCurtailed: [log add: #curtailed]] on: ZeroDivide do: [:e | e return: 0]. log", w))
            .toBe("an OrderedCollection(#curtailed)");
    });

    it("resumes, retries, returns, passes and goes outer", async () => {
        const w = new LangTestWorld();
        expect(await printIt("[(1/0) + 1] on: ZeroDivide do: [:e | e resume: 5]", w)).toBe("6");
        expect(await printIt("| n | n := 0. [n := n + 1. n < 3 ifTrue: [Error signal: 'again']. n] on: Error do: [:e | e retry]", w)).toBe("3");
        expect(await printIt("[Error signal: 'x'. 1] on: Error do: [:e | e return: 2]", w)).toBe("2");
        expect(await printIt("[[Error signal: 'x'] on: Error do: [:e | e pass]] on: Error do: [:e | e messageText , '!']", w)).toBe("'x!'");
        expect(await printIt("[[Warning signal: 'w'] on: Warning do: [:e | e outer + 1]] on: Warning do: [:e | e resume: 5]", w)).toBe("6");
        expect(await printIt("[Error signal: 'x'] on: Error do: [:e | e retryUsing: [7]]", w)).toBe("7");
        expect(await printIt("[Error signal] on: Error do: [:e | 4]", w)).toBe("4");
    });

    it("refuses to resume an Error, with IllegalResumeAttempt", async () => {
        const w = new LangTestWorld();
        expect(await printIt("[[Error signal] on: Error do: [:e | e resume: 3]] on: IllegalResumeAttempt do: [:e | e class]", w)).toBe("IllegalResumeAttempt");
    });

    it("signals built-in failures as their Pharo classes, with their message text", async () => {
        const w = new LangTestWorld();
        expect(await printIt("[1/0] on: ZeroDivide do: [:e | e class]", w)).toBe("ZeroDivide");
        expect(await printIt("[nil foo] on: MessageNotUnderstood do: [:e | e messageText]", w)).toBe("'receiver of \"foo\" is nil'");
        expect(await printIt("[3 zork: 4] on: MessageNotUnderstood do: [:e | {e receiver. e message selector. e message arguments}]", w)).toBe("#(3 #zork: #(4))");
        expect(await printIt("[3 zork] on: MessageNotUnderstood do: [:e | e resume: 9]", w)).toBe("9");
        expect(await printIt("[self error: 'mine'] on: Error do: [:e | e messageText]", w)).toBe("'mine'");
        expect(await printIt("[self assert: false] on: AssertionFailure do: [:e | e class]", w)).toBe("AssertionFailure");
    });

    it("takes ExceptionSets, handles: overrides and exception classes of one's own", async () => {
        const w = new LangTestWorld();
        await w.interpreter.evaluate("Error subclass: #AppError instanceVariableNames: 'code' classVariableNames: '' package: 'Demo'. " +
            "AppError compile: 'code ^ code'. AppError compile: 'code: c code := c'. AppError compile: 'messageText ^ ''app failed: '', code printString'");
        expect(await printIt("[1/0] on: MessageNotUnderstood, ZeroDivide do: [:e | e class]", w)).toBe("ZeroDivide");
        expect(await printIt("[(AppError new code: 42) signal] on: AppError do: [:e | e code]", w)).toBe("42");
        expect(await printIt("[(AppError new code: 42) signal] on: Error do: [:e | e messageText]", w)).toBe("'app failed: 42'");
        expect(await printIt("[(AppError new code: 1) signal] on: ZeroDivide do: [:e | 0]", w).catch((e: Error) => e.message)).toBe("AppError: app failed: 1");
    });

    it("lets Notifications and Warnings pass when unhandled, and ends the run on an Error, naming where", async () => {
        const w = new LangTestWorld();
        expect(await printIt("(Notification signal: 'n') isNil", w)).toBe("true");
        expect(await printIt("(Warning signal: 'careful') isNil", w)).toBe("true");
        expect(w.transcript.join("")).toContain("Warning: careful");
        w.add("BRICK", ["fail  ^ Error new signal: 'boom'"]);
        const error = await errorOf("| x |\nx := BRICK fail", w);
        expect(error).toBeInstanceOf(UnhandledExceptionError);
        expect(error.message).toBe("Error: boom");
        expect(errorPosition(error)).toMatchObject({where: "BRICK>>fail", callers: [{where: "DoIt", line: 2, column: 12}]});
    });

    it("searches handlers outside the running one when a handler signals", async () => {
        const w = new LangTestWorld();
        expect(await printIt("[[[1/0] on: ZeroDivide do: [:e | Error signal: 'inner']] on: ZeroDivide do: [:e | #wrong]] on: Error do: [:e | e messageText]", w)).toBe("'inner'");
        expect(await printIt("[[1/0] on: ZeroDivide do: [:e | Error signal: 'h']] on: Error do: [:e | e messageText]", w)).toBe("'h'");
    });

    it("unwinds a non-local return through ensure: and keeps handlers out of runaway stops", async () => {
        const w = new LangTestWorld({stepBudget: 50_000});
        w.add("R", ["find  #(1 2 3) do: [:x | [x = 2 ifTrue: [^ x]] ensure: [Transcript show: x printString]]. ^ 0"]);
        expect(await printIt("R find", w)).toBe("2");
        expect(w.transcript.join("")).toBe("12");
        expect((await errorOf("[[true] whileTrue] on: Error do: [:e | 'caught']", w)).name).toBe("StepBudgetExceededError");
    });
});
