export const helpText = `living-image — a Smalltalk-style live image of LLM personas, in the terminal

Usage:
  living-image [IMAGE]                    open the System Browser (TUI) on IMAGE (default ./workspace.image.json)
  living-image list                       list the personas
  living-image inspect [PERSONA]          show a persona's slots (or every persona's)
  living-image history [PERSONA]          show a persona's improvement cycles (or every persona's)
  living-image eval 'SOURCE' [--save]     evaluate Playground (Smalltalk) source and print the result
  living-image run FILE.st [--save]       run a Playground script file
  living-image chat PERSONA [--save]      talk to a persona: replies stream, ↑↓ recall what you said to it,
                                          Ctrl-C stops a reply, /context shows what it sees, /bye leaves
  living-image save-as FILE [--force]     write a copy of the image to FILE (only over an image, kept as FILE.bak)
  living-image new FILE [--model GGUF]    create a new image with the four personas from codices/
  living-image forge PERSONA [--steps N] [--lr X] [--backend numpy|unsloth|peft --hf-model ID]
                                          run one improvement cycle now: train a LoRA adapter on the
                                          persona's golden dataset as its chat lays it out (60 steps, or
                                          8 passes over a small dataset; --steps N exactly N), swap it in
                                          only if it beats the current adapter on held-out loss and
                                          ALFRED's scores, delete it otherwise; \`history\` records it
  living-image forge merge BASE ADAPTER OUT [--type T] [--scale X] [--force]
                                          fold a LoRA adapter into its base model: one GGUF, quantized to the
                                          base's types (or T: Q8_0, F16…), for servers that load no adapters
  living-image forge peft-export BASE ADAPTER DIR [--force]
                                          write a GGUF LoRA adapter as PEFT files (adapter_model.safetensors,
                                          adapter_config.json), as vLLM and transformers load them
  living-image judge [PERSONA]            ALFRED judges the backlog: every interaction not judged yet
                                          (from eval, run, dialogues, an old scrapbook); golden ones join
                                          the dataset, and a persona past its forge threshold improves
  living-image golden export PERSONA [FILE] [--format chatml|openai]
                                          write the golden dataset as JSONL (TRL, Unsloth, OpenAI)
  living-image golden import PERSONA FILE read golden samples back from JSONL, validated
  living-image persona new NAME --codex FILE [--model GGUF]
                                          add a persona made from a codex (on the embedded model by default)
  living-image persona codex-template [NAME]
                                          print a codex to start from (it validates as it is)
  living-image persona rm NAME [--yes]    remove a persona (asks first; refused while others delegate to it)
  living-image persona export NAME [FILE] [--with-model]
                                          write the whole persona to one file (a tar: see docs/persona-file.md)
  living-image persona import FILE [--as NAME]
                                          add a persona from such a file, checked whole before anything changes
  living-image persona engine NAME [SPEC] show the persona's engine, or set it for good: a GGUF path,
                                          ollama://HOST:PORT/MODEL, vllm://HOST:PORT/MODEL or
                                          openai://HOST:PORT/MODEL (llama.cpp's server, LM Studio); docs/engines.md
  living-image scout [PERSONA] [--json]   BABS benchmarks candidate base models (models folders, Ollama, hf:
                                          URIs) on the persona's held-out golden samples; a step change is
                                          proved in a sandboxed clone, then waits for \`ascend\` (Ctrl-C cancels)
  living-image ascend PERSONA [--to MODEL] [--steps N]
                                          ascend to MODEL (or to the candidate waiting for approval): train
                                          its adapter, re-curate the scrapbook, swap base + adapter together
  living-image descend PERSONA            undo the latest ascension: previous base, adapter and dataset
  living-image lineage PERSONA [--json]   every ascension and descent, with sha256, evidence and datasets
  living-image synthesize PERSONA SELECTOR --example '[:p | (p double: 3) = 6]' [--example …] [--yes]
                                          the persona's model drafts the method; it is shown with its three
                                          gates (compiles, meets the examples on a clone, reaches nothing
                                          outside it) and installed with its provenance if you accept it
  living-image model list [--ollama URL|off]
                                          every model it can see: the GGUF files of the models search path
                                          and ~/.node-llama-cpp/models, and the models of Ollama (--ollama,
                                          else OLLAMA_HOST, else 127.0.0.1:11434; 3 s to answer), with
                                          size, architecture, parameters, quantization, chat template, context,
                                          licence and the personas that use each
  living-image model show NAME|FILE       everything about one model (a file, a file name, or an Ollama tag)
  living-image model rm NAME|FILE [--yes] [--force]
                                          remove a GGUF file, or delete an Ollama model; refused while a persona
                                          uses it, and for a model committed with the project without --force
  living-image model pull URI             resolve or download a model into models/ (needs network)
  living-image model locate [PERSONA [FILE]]
                                          show where each persona's model and adapter are found;
                                          with FILE, record where a moved model now is (same sha256)
  living-image bus tail --bus redis://HOST:PORT [--type T] [--persona P]
                                          print the events of a shared bus as they happen

Options:
  --image FILE      the image to use (default ./workspace.image.json)
  --json            print machine-readable JSON
  --read-only       open the image without taking its lock (no changes are saved)
  --recover backup  open the .bak when the image is corrupt or gone (its journal is kept aside)
  --recover journal replay the good lines of a damaged journal; the whole journal is kept aside
  --force           save-as: replace a file that is not an image, or an image with unsaved changes;
                    model rm: remove a model committed with the project; forge merge/peft-export: replace OUT
  --type T          forge merge: the merged weights' type (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K, F16,
                    BF16, F32); bus tail: only events of type T
  --scale X         forge merge: the adapter's scale (default 1)
  --ollama URL      model: the Ollama server (host, host:port or URL; default $OLLAMA_HOST); off leaves it out
  --model FILE      chat with this GGUF model for every persona, this session only (not saved)
  --model NAME=SPEC this persona's model (a GGUF or an engine spec) this session only; repeatable
  --models DIR      also look for models and adapters in DIR (repeatable); see "Models search path"
  --threads N       inference threads (default: the physical cores)
  --bus URL         memory (default) or redis://HOST:PORT
  --format F        golden export: chatml (default) or openai
  --codex FILE      persona new: the persona's codex
  --to MODEL        ascend: the GGUF base model to ascend to
  --yes, -y         persona rm, model rm: remove without asking; synthesize: install a passing draft without asking
  --example BLOCK   synthesize: an example the draft must meet (repeatable)
  --with-model      persona export: copy the base model into the file too
  --as NAME         persona import: the name to import the persona as
  --save            eval/run: save the image afterwards (otherwise changes stay in its journal)
  -h, --help        show this help
  -v, --version     show the version

Models search path: a model or adapter that is not where the image says is looked for by file name in
  the --models folders, then $LIVING_IMAGE_MODELS (a ':'-separated list of folders), the image's folder
  and its models/, your models folder ($XDG_DATA_HOME/living-image/models, by default
  ~/.local/share/living-image/models), and the project's models/ (the embedded model is always found).

Colours: on a terminal only; NO_COLOR=1 turns them off, FORCE_COLOR=1 forces them (e.g. into less -R).

Exit codes: 0 ok, 1 user error (the message says how to fix it), 2 internal error.
`;
