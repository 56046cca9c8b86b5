"""Helpers of the python runner that packs (and Squall's wrapper) use."""

import logging
import sys

__all__ = ["PackConfigDict", "get_logger_for_python_runner_action", "get_action_class_instance"]

AUDIT = logging.CRITICAL + 10
logging.addLevelName(AUDIT, "AUDIT")

_LEVELS = {
    "AUDIT": AUDIT,
    "CRITICAL": logging.CRITICAL,
    "ERROR": logging.ERROR,
    "WARNING": logging.WARNING,
    "INFO": logging.INFO,
    "DEBUG": logging.DEBUG,
}


class PackConfigDict(dict):
    """The pack config: a missing key is a ValueError that says where to set it."""

    def __init__(self, pack_name, *args):
        super().__init__(*args)
        self._pack_name = pack_name

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            raise ValueError(
                'Config for pack "%s" is missing key "%s". Make sure that the config file exists '
                "on disk (configs/%s.yaml in Squall's home) and contains that key."
                % (self._pack_name, key, self._pack_name)
            )

    def __setitem__(self, key, value):
        super().__setitem__(key, value)


def get_logger_for_python_runner_action(action_name, log_level="debug"):
    """Logger actions.python.<name>, writing to stderr (so into the execution's output)."""
    logger = logging.getLogger("actions.python.%s" % action_name)
    if not any(getattr(h, "_squall", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler._squall = True
        handler.setFormatter(logging.Formatter("%(name)-12s: %(levelname)-8s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(_LEVELS.get(str(log_level).upper(), logging.DEBUG))
    logger.propagate = False
    return logger


def get_action_class_instance(action_cls, config=None, action_service=None, log_level=None):
    """Builds the action; packs whose __init__ takes only config get action_service set after."""
    if action_service is not None and log_level:
        action_service.log_level = log_level
    try:
        return action_cls(config=config, action_service=action_service)
    except TypeError as e:
        if "unexpected keyword argument 'action_service'" not in str(e):
            raise
    instance = action_cls(config=config)
    instance.action_service = action_service
    return instance
