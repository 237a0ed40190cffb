"""The spaCy pipeline: the only place that loads spaCy models."""
