/**
 * Text from a model or an image made safe to draw: a control character (an escape sequence, a bell, a
 * carriage return that would overwrite the line) is shown as `\x1b` instead of sent to the terminal,
 * where it would break the layout or act on the terminal. Newlines and tabs are kept.
 */
export function printable(text: string): string {
    // eslint-disable-next-line no-control-regex
    return /[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text) ? text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`) : text;
}
