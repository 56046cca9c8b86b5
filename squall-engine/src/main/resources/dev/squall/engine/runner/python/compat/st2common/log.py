"""st2common.log: plain Python logging under StackStorm's names."""

import logging

from st2common.runners.utils import AUDIT

__all__ = ["getLogger", "AUDIT"]


def getLogger(name):
    return logging.getLogger(name)
