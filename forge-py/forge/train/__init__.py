"""Training samples, batching and the training loop shared by `forge lora` and `forge genesis`."""
