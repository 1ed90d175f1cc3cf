import {send} from "../../objects/index.js";
import type {DnuHandler} from "../../objects/index.js";
import type {Runtime} from "../Runtime.js";
import {describeSynthesis} from "./MethodSynthesizer.js";

/**
 * The doesNotUnderstand handler of the #synthesize policy (for personas the Architect trusts): the
 * persona's model drafts the missing method for the failed send, the draft goes through the three gates,
 * and one that passes is installed with its provenance (accepted by the policy) without asking; the
 * message is then sent again and its answer is the send's. The Transcript shows the synthesis. When no
 * draft passes, the handler declines, so the send fails as under #signal.
 */
export function synthesizeOnDnu(runtime: Runtime): DnuHandler {
    return {
        name: "synthesize",
        handle: async (signal) => {
            const persona = signal.receiver;
            if (runtime.dnuPolicyOf(persona) !== "synthesize") return undefined;
            const {selector, args} = signal.message;
            const result = await runtime.synthesis.synthesize(persona, {selector, failingSend: {args}});
            runtime.publish({type: "transcript", persona: persona.name,
                text: `${persona.name} has no method #${selector}; its policy is #synthesize:\n${describeSynthesis(result)}\n`});
            if (!result.passed) return undefined;
            runtime.synthesis.accept(persona, result, "policy");
            return signal.resume(await send(persona, selector, args));
        }
    };
}
