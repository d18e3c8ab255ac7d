"""Stories in: reading story files, checking them against the schema and vocabularies, and the collection a build publishes."""
