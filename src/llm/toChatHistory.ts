import type {ChatHistoryItem} from "node-llama-cpp";
import type {ChatTurn} from "./Engine.js";

/** ChatML turns as node-llama-cpp's chat history items. */
export function toChatHistory(turns: readonly ChatTurn[]): ChatHistoryItem[] {
    return turns.map((turn): ChatHistoryItem => {
        switch (turn.role) {
            case "system": return {type: "system", text: turn.content};
            case "user": return {type: "user", text: turn.content};
            case "assistant": return {type: "model", response: [turn.content]};
            default: return turn.role satisfies never;
        }
    });
}
