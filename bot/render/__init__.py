"""Front-end renderers: each turns an Answer into text for one surface."""
