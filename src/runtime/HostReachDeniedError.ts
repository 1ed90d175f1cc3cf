/** A synthesized method tried to reach the host (save, swap, files) without the Architect's grant. Nothing was done. */
export class HostReachDeniedError extends Error {
    public readonly userError = true;
    public override readonly name = "HostReachDeniedError";

    public constructor(public readonly what: string, public readonly method: string, persona: string) {
        super(`${what} was refused: ${method} was written by a model (synthesized) and runs with no reach into the host. ` +
            `If ${persona} may, the Architect grants it with ${persona} at: #hostReach put: true (from the Playground or living-image eval), or compile the method by hand.`);
    }
}
