"""Prompts written for this product, in zh-CN and en, one module per kind."""
