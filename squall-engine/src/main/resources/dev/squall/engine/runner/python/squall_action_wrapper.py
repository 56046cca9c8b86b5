"""Squall's python-script wrapper: runs one StackStorm Python action in this process.

Started by Squall's PythonScriptRunner as
  python -u squall_action_wrapper.py --pack=P --file-path=F --user=U --input-file=PATH
      [--log-level=L]

The input file (private to the user, deleted as soon as it is read) holds
{"parameters": {...}, "config": {...}}: unlike StackStorm's --parameters/--config on argv, the
values (secrets among them) never show in the process list.

It follows StackStorm's python_action_wrapper contract: the action class is the first class
defined in the entry point that implements run(); run(**parameters) is called; its return value
is written to stdout between two delimiters as {"result": ..., "status": ...}; an exception
leaves a traceback on stderr and exit code 1; a 2-tuple with a non-bool status exits 220.
"""

import datetime
import enum
import importlib.util
import inspect
import json
import os
import sys
import uuid

DELIMITER = "%%%%%~=~=~=************=~=~=~%%%%"
INVALID_STATUS_EXIT_CODE = 220
INVALID_STATUS_ERROR_MESSAGE = (
    "If this is a tuple, it must be (bool, result), got a tuple whose first item is not a "
    "bool. To return several values, return a list instead."
)

# The wrapper's own folder must not shadow pack modules (StackStorm removes it too).
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]

from st2common.runners.base_action import Action  # noqa: E402
from st2common.runners.utils import PackConfigDict, get_action_class_instance  # noqa: E402
from st2common.services.action_service import ActionService  # noqa: E402


def load_action_class(file_path):
    """StackStorm's loader.register_plugin: classes defined in the file, by name, with run()."""
    real = os.path.realpath(file_path)
    folder = os.path.dirname(real)
    if folder not in sys.path:
        sys.path.append(folder)
    name = os.path.splitext(os.path.basename(real))[0]
    try:
        spec = importlib.util.spec_from_file_location(name, real)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    except Exception as e:
        raise Exception(
            'Failed to load action class from file "%s" (action file most likely doesn\'t exist '
            "or contains invalid syntax): %s" % (file_path, e)
        ) from e
    candidates = [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and _implements(cls, Action)
    ]
    if not candidates:
        raise Exception(
            'Failed to load action class from file "%s" (action file most likely doesn\'t exist '
            "or contains invalid syntax): Found no classes in plugin file \"%s\" matching "
            "requirements." % (file_path, real)
        )
    for cls in candidates:
        Action.register(cls)
    return candidates[0]


def _implements(cls, base):
    for method in getattr(base, "__abstractmethods__", ()):
        impl = getattr(cls, method, None)
        if impl is None or getattr(impl, "__isabstractmethod__", False):
            return False
    return True


def _jsonable(value):
    """What orjson accepts, or TypeError: str keys only, datetimes as ISO text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError("Dict key must be str")
            out[k] = _jsonable(v)
        return out
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return _jsonable(value.value)
    raise TypeError("Type is not JSON serializable: %s" % type(value).__name__)


def dumps(value):
    return json.dumps(_jsonable(value), ensure_ascii=False, separators=(",", ":"))


def read_input(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        os.unlink(path)
    except OSError:
        pass
    data = json.loads(text)
    return data.get("parameters") or {}, data.get("config") or {}


class Arguments:
    """The --name=value options Squall passes (argparse costs milliseconds per execution)."""

    def __init__(self, argv):
        values = {"user": "", "log_level": "DEBUG"}
        for arg in argv:
            name, equals, value = arg.partition("=")
            if not name.startswith("--") or not equals:
                sys.exit("squall_action_wrapper: unexpected argument %r" % arg)
            values[name[2:].replace("-", "_")] = value
        for name in ("pack", "file_path", "input_file"):
            if name not in values:
                sys.exit("squall_action_wrapper: --%s is required" % name.replace("_", "-"))
        self.__dict__.update(values)


def main():
    args = Arguments(sys.argv[1:])

    parameters, config = read_input(args.input_file)
    if not isinstance(config, dict):
        raise ValueError("Pack config needs to be a dictionary")

    cls = load_action_class(args.file_path)
    service = ActionService(args.pack, cls.__name__, args.user)
    action = get_action_class_instance(cls, PackConfigDict(args.pack, config), service,
                                       args.log_level)
    output = action.run(**parameters)

    if isinstance(output, tuple) and len(output) == 2:
        status, result = output
    else:
        status, result = None, output
    envelope = {"result": result, "status": None}
    if status is not None and not isinstance(status, bool):
        sys.stderr.write(INVALID_STATUS_ERROR_MESSAGE)
        sys.stderr.flush()
        sys.exit(INVALID_STATUS_EXIT_CODE)
    if status is not None:
        envelope["status"] = status
        try:
            _jsonable(result)
        except TypeError:
            envelope["result"] = str(result)
    try:
        text = dumps(envelope)
    except (TypeError, ValueError):
        text = str(envelope)
    sys.stdout.write(DELIMITER)
    sys.stdout.write(text + "\n")
    sys.stdout.write(DELIMITER)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
