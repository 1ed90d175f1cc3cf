/**
 * Imports a module while the global `fetch` is hidden, and puts `fetch` back as it was.
 *
 * Why: yoga-layout (Ink's layout engine) compiles its WebAssembly from a `data:` URL, and where a global `fetch`
 * exists it reads that URL with it, which makes Node load its whole HTTP client (undici) first: about 0.5 s of
 * CPU in a profile of the System Browser's first frame at load 7, ahead of everything the frame needs. Without
 * `fetch` it decodes the same bytes itself (atob, about 7 ms). Only the import's own evaluation sees no `fetch`:
 * the caller starts nothing else meanwhile, and whatever runs later (a scout asking a model hub) finds it again.
 */
export async function importWithoutFetch<T>(load: () => Promise<T>): Promise<T> {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, "fetch");
    if (descriptor?.configurable !== true) return load();
    delete (globalThis as {fetch?: unknown}).fetch;
    try {
        return await load();
    } finally {
        Object.defineProperty(globalThis, "fetch", descriptor);
    }
}
