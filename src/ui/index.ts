/**
 * The terminal UI's contract for cli/: the System Browser (Ink + React), drawn from the core
 * through src/index.ts only.
 */
export {runBrowser} from "./runBrowser.js";
export type {RunBrowserOptions} from "./runBrowser.js";
export {BrowserApp} from "./components/BrowserApp.js";
export type {BrowserAppProps} from "./components/BrowserApp.js";
export {BrowserSession} from "./session/BrowserSession.js";
export {themeFor} from "./theme.js";
export type {Theme} from "./theme.js";
