import {readFile, writeFile} from "node:fs/promises";

/**
 * Copies a GGUF file adding string metadata keys (e.g. `tokenizer.chat_template`), leaving tensor infos and data
 * as they are: only the metadata section grows, and the data is re-aligned after it.
 */
export async function copyGgufWithMetadata(source: string, target: string, extra: Record<string, string>): Promise<void> {
    const file = await readFile(source);
    let at = 0;
    const u32 = () => { const v = file.readUInt32LE(at); at += 4; return v; };
    const u64 = () => { const v = Number(file.readBigUInt64LE(at)); at += 8; return v; };
    const str = () => { const n = u64(); const s = file.toString("utf8", at, at + n); at += n; return s; };
    const sizes: Record<number, number> = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8};
    const skip = (type: number): void => {
        if (type === 8) { str(); return; }
        if (type === 9) { const inner = u32(); const count = u64(); for (let i = 0; i < count; i++) skip(inner); return; }
        const size = sizes[type];
        if (size == null) throw new Error(`unknown GGUF value type ${type}`);
        at += size;
    };
    if (file.toString("ascii", 0, 4) !== "GGUF") throw new Error(`${source} is not a GGUF file`);
    at = 4;
    const version = u32();
    const tensorCount = u64();
    const kvCount = u64();
    const kvStart = at;
    let alignment = 32;
    for (let i = 0; i < kvCount; i++) {
        const key = str();
        const type = u32();
        if (key === "general.alignment" && type === 4) alignment = file.readUInt32LE(at);
        skip(type);
    }
    const kvEnd = at;
    for (let i = 0; i < tensorCount; i++) {
        str();
        const dims = u32();
        at += 8 * dims + 4 + 8;
    }
    const infosEnd = at;
    const dataStart = Math.ceil(infosEnd / alignment) * alignment;

    const added: Buffer[] = [];
    for (const [key, value] of Object.entries(extra)) {
        const k = Buffer.from(key, "utf8");
        const v = Buffer.from(value, "utf8");
        const head = Buffer.alloc(8 + k.length + 4 + 8);
        head.writeBigUInt64LE(BigInt(k.length), 0);
        k.copy(head, 8);
        head.writeUInt32LE(8, 8 + k.length);
        head.writeBigUInt64LE(BigInt(v.length), 12 + k.length);
        added.push(head, v);
    }
    const header = Buffer.alloc(24);
    header.write("GGUF", 0, "ascii");
    header.writeUInt32LE(version, 4);
    header.writeBigUInt64LE(BigInt(tensorCount), 8);
    header.writeBigUInt64LE(BigInt(kvCount + Object.keys(extra).length), 16);
    const meta = Buffer.concat([header, file.subarray(kvStart, kvEnd), ...added, file.subarray(kvEnd, infosEnd)]);
    const padded = Buffer.alloc(Math.ceil(meta.length / alignment) * alignment);
    meta.copy(padded);
    await writeFile(target, Buffer.concat([padded, file.subarray(dataStart)]));
}

/** The ChatML template as Hugging Face tokenizers write it. */
export const chatMLTemplate = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
