"""The story engine: load, check and clean news captures, with no MkDocs import.

Every function here returns data and lists of problems; the MkDocs hook module turns
problems into build errors. Nothing in this package knows which story it is building.
"""
