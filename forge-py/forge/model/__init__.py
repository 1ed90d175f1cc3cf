"""A llama-architecture model in numpy: forward, backward, LoRA, AdamW."""
