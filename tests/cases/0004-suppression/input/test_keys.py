# Test fixtures for the token parser.
# assay:ignore[secret.*] documented fake token used by the parser tests
SAMPLE = "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"
REAL = "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"
