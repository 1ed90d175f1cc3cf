import type {HeaderFacts} from "../../gguf/index.js";

/** Where a candidate base model was found. */
export type CandidateSource = "folder" | "ollama" | "huggingface";

/** A base model BABS may benchmark: where it was found and, when it is on this machine, its file. */
export type Candidate = {
    /** Unique within a scouting run: the source and the locator. */
    id: string,
    source: CandidateSource,
    /** A file path, an Ollama tag, or an `hf:` URI. */
    locator: string,
    /** A short name for tables: the file name, the tag, the URI. */
    label: string,
    /** The local GGUF file, or null when the model is not on this machine (not downloaded, a remote server). */
    path: string | null,
    /** The folder, server or endpoint it came from. */
    origin: string,
    /** For a model not on this machine: what its header says when it could be read remotely, or why it could not. */
    remote?: {header: RemoteHeader | null, problem: string | null}
};

/** A remote model's header, as far as the network source could read it. */
export type RemoteHeader = HeaderFacts;

/** What one source gave: how many candidates, or why it gave none (unreachable, offline…). */
export type SourceReport = {source: CandidateSource, origin: string, found: number, problem: string | null};

/** Candidates from one source, with its report. */
export type SourceResult = {candidates: Candidate[], report: SourceReport};
