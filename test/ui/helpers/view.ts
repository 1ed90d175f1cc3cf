import type {BrowserView} from "../../../src/ui/state/browserModel.js";
import {categoriesOf} from "../../../src/ui/state/catalog.js";
import type {PersonaRecord} from "../../../src/index.js";

/** A BrowserView for pure tests: the fields a test names, the rest empty. */
export function viewOf(partial: Partial<BrowserView>): BrowserView {
    return {
        personaNames: [], categories: categoriesOf({methods: {}} as unknown as PersonaRecord), items: [], inspectorRows: [], transcriptLines: 0, history: [],
        resultLines: 0, resultRows: 2, inspectorTextLines: 0, inspectorTextRows: 7, helpLines: 0, helpRows: 18,
        ...partial
    };
}
