// Loaded with `node --import`: appends the URL of every module the process loads through the ES module
// loader (ES modules, and CommonJS packages that ES modules import) to the file named by MODULE_LOG.
// The hook runs on the loader's thread, so it writes synchronously there, one line per module.
import {register} from "node:module";

register("./recordModulesHooks.mjs", import.meta.url);
