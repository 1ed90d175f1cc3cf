/**
 * Every key binding, in one table: the `?` overlay shows it, and the tests hold the
 * dispatch (`interpretKey`) to it. Chords follow Pharo where a terminal can carry them.
 */
export type Binding = {keys: string, action: string, where: "anywhere" | "browser" | "playground" | "editor" | "inspector" | "transcript" | "rating"};

export const keymap: readonly Binding[] = [
    {keys: "Tab / Shift-Tab", action: "next / previous pane", where: "anywhere"},
    {keys: "Ctrl-S", action: "save the image (in an editor: accept)", where: "anywhere"},
    {keys: "q Ctrl-Q Ctrl-C", action: "quit (asks if there are unsaved changes)", where: "anywhere"},
    {keys: "?", action: "this help", where: "browser"},
    {keys: "↑↓ PgUp PgDn Home End", action: "move; a long list shows n/total", where: "browser"},
    {keys: "← → / Esc", action: "previous / next column / back", where: "browser"},
    {keys: "Enter", action: "open: next column, edit, or inspect", where: "browser"},
    {keys: "e", action: "edit the selected slot or method", where: "browser"},
    {keys: "r", action: "rate the last interaction, as Architect", where: "browser"},
    {keys: "Enter / Esc", action: "drill into a value / back up a level", where: "inspector"},
    {keys: "Ctrl-S", action: "accept: validate and store, or compile", where: "editor"},
    {keys: "Enter", action: "slot: accept; method: new line", where: "editor"},
    {keys: "Esc / Ctrl-U", action: "cancel the edit (nothing changes) / clear", where: "editor"},
    {keys: "Ctrl-D / Ctrl-P / Ctrl-O", action: "Do it / Print it / Inspect it (inspector)", where: "playground"},
    {keys: "Enter / ↑ ↓", action: "new line / history (kept in the image)", where: "playground"},
    {keys: "Ctrl-U / Esc", action: "clear / back to the browser", where: "playground"},
    // One row for the Transcript's keys: the overlay must fit 80×24. Shift (F, T) walks back.
    {keys: "↑↓ / f F / t T", action: "scroll / filter by persona / event type", where: "transcript"},
    // The overlay shows these too; overall rates at once, axis scores wait for Enter.
    {keys: "1–5 Tab ↑↓ Enter Esc", action: "rate overall or an axis / record / cancel", where: "rating"}
];

/**
 * Why Inspect it is Ctrl-O and not Pharo's Ctrl-I: a terminal sends the same byte (0x09) for
 * Ctrl-I and Tab, so Ctrl-I cannot be told apart from Tab; likewise Ctrl-M is Enter and Ctrl-[
 * is Esc. Ctrl-O ("open") reaches the program in raw mode on every terminal tried.
 */
export const inspectItNote = "Inspect it is Ctrl-O: a terminal sends Tab for Ctrl-I (both 0x09).";
