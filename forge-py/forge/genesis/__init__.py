"""`forge genesis`: the project's own small llama, its character tokenizer and its persona corpus."""
