/** I say why a persona's engine spec cannot be read, and how to write it. */
export class EngineSpecError extends Error {
    public readonly userError = true;
    override readonly name = "EngineSpecError";
    readonly spec: string;
    readonly problem: string;

    constructor(spec: string, problem: string) {
        super(`${JSON.stringify(spec)} is not an engine spec: ${problem}. Write a GGUF path (or embedded:PATH), ` +
            "ollama://HOST:PORT/MODEL, vllm://HOST:PORT/MODEL or openai://HOST:PORT/MODEL (llama.cpp's server, LM Studio), " +
            "e.g. ollama://localhost:11434/llama3.2.");
        this.spec = spec;
        this.problem = problem;
    }
}
