"""Parsers for file formats that need more than a standard library loader."""
