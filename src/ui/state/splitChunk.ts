import type {KeyPress} from "./interpretKey.js";

const noKey: KeyPress = {
    upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false,
    return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false
};

/**
 * Ink hands a burst of input (a paste, a fast typist, `tmux send-keys Tab Tab x`) to the handler
 * as one string, so a Tab or Enter inside it would be typed as text. I split such a chunk into
 * runs of plain text and one key press per control character, in order.
 */
export function splitChunk(input: string, key: KeyPress): {input: string, key: KeyPress}[] {
    // eslint-disable-next-line no-control-regex
    if (input.length <= 1 || !/[\u0000-\u001F\u007F]/.test(input)) return [{input, key}];
    const out: {input: string, key: KeyPress}[] = [];
    let text = "";
    const flush = () => {
        if (text !== "") out.push({input: text, key: noKey});
        text = "";
    };
    for (const char of input) {
        const code = char.charCodeAt(0);
        if (code >= 0x20 && code !== 0x7F) {
            text += char;
            continue;
        }
        flush();
        if (char === "\t") out.push({input: "", key: {...noKey, tab: true}});
        else if (char === "\r" || char === "\n") out.push({input: "", key: {...noKey, return: true}});
        else if (code === 0x7F || code === 0x08) out.push({input: "", key: {...noKey, backspace: true}});
        else if (code === 0x1B) out.push({input: "", key: {...noKey, escape: true}});
        else if (code >= 1 && code <= 26) out.push({input: String.fromCharCode(code + 96), key: {...noKey, ctrl: true}});
    }
    flush();
    return out;
}
