import {installBlockProtocol} from "./blockProtocol.js";
import {installBooleanProtocol} from "./booleanProtocol.js";
import {installClassProtocol} from "./classProtocol.js";
import {installCollectionProtocol} from "./collectionProtocol.js";
import {installDictionaryProtocol} from "./dictionaryProtocol.js";
import {installExactNumberProtocol} from "./exactNumberProtocol.js";
import {installExceptionProtocol} from "./exceptionProtocol.js";
import {installFreshStrings} from "./freshStrings.js";
import {installNumberProtocol} from "./numberProtocol.js";
import {installObjectProtocol} from "./objectProtocol.js";
import {installPharoProtocol} from "./pharoProtocol.js";
import {installStreamProtocol} from "./streamProtocol.js";
import {installStringProtocol} from "./stringProtocol.js";
import {installSystemProtocol} from "./systemProtocol.js";

let installed = false;

/** Fills the built-in classes' selector tables, once. */
export function installProtocols(): void {
    if (installed) return;
    installed = true;
    installObjectProtocol();
    installBooleanProtocol();
    installNumberProtocol();
    installExactNumberProtocol();
    installStringProtocol();
    installCollectionProtocol();
    installDictionaryProtocol();
    installBlockProtocol();
    installExceptionProtocol();
    installSystemProtocol();
    installClassProtocol();
    installStreamProtocol();
    installPharoProtocol();
    installFreshStrings();
}
