"""The forge's commands, one module each: lora, genesis, unsloth/peft."""
