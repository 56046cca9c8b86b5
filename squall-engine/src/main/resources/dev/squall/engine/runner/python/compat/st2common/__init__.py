"""Squall's stand-in for the parts of StackStorm's st2common that Exchange packs import.

Written for Squall (not StackStorm's code): the same names and behaviour packs rely on.
"""
__version__ = "3.9.0"
