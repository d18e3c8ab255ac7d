"""Pictures: checking contributors' photos and publishing them (and, later, drawn share cards)."""
