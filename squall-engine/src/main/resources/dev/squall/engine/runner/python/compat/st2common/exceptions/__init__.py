"""StackStorm's exception root."""


class StackStormBaseException(Exception):
    """Every StackStorm exception derives from this."""


class StackStormPluginException(StackStormBaseException):
    """Raised by plugins (actions, sensors)."""
