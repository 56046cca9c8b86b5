"""The Action base class every python-script action extends (st2common.runners.base_action)."""

import abc

from st2common.runners.utils import get_logger_for_python_runner_action

__all__ = ["Action"]


class Action(abc.ABC):
    """Base class for Python actions: override run(**parameters)."""

    description = None

    def __init__(self, config=None, action_service=None):
        self.config = config or {}
        self.action_service = action_service
        level = getattr(action_service, "log_level", None) or "debug"
        self.logger = get_logger_for_python_runner_action(
            action_name=self.__class__.__name__, log_level=level
        )

    @abc.abstractmethod
    def run(self, **kwargs):
        raise NotImplementedError()
