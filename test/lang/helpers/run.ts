import {printString} from "../../../src/lang/index.js";
import {LangTestWorld} from "./LangTestWorld.js";

/** Evaluates Playground code in `world` (a fresh one by default) and answers the printString of the value. */
export async function printIt(source: string, world = new LangTestWorld(), bindings?: Map<string, unknown>): Promise<string> {
    return printString(await world.interpreter.evaluate(source, bindings == null ? {} : {bindings}));
}

/** The error an evaluation rejects with; fails the test when it succeeds. */
export async function errorOf(source: string, world = new LangTestWorld(), bindings?: Map<string, unknown>): Promise<Error> {
    try {
        const value = await world.interpreter.evaluate(source, bindings == null ? {} : {bindings});
        throw new Error(`expected an error, but ${JSON.stringify(source)} answered ${printString(value)}`);
    } catch (error) {
        if (error instanceof Error && error.message.startsWith("expected an error")) throw error;
        return error as Error;
    }
}
