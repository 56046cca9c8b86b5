"""The legacy import path of the Action base class."""

from st2common.runners.base_action import Action

__all__ = ["Action"]
