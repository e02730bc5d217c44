"""The engine: corpus model, tokens, thesaurus, index, ranking and the Answer object."""
