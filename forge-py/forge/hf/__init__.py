"""Hugging Face / PEFT interop in pure numpy: tensor names and the Q/K permutation of llama.cpp's converter."""
