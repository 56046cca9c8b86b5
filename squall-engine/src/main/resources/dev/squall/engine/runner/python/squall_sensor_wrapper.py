"""Squall's sensor wrapper: runs one StackStorm sensor class in this process.

Started by Squall's sensor container as
  python -u squall_sensor_wrapper.py --pack=P --file-path=F --class-name=C
      --input-file=PATH [--poll-interval=N]

The input file (private, deleted once read) holds {"config": {...}}. The sensor's instance
gets a sensor_service whose dispatch() writes one JSON line per trigger instance to the
container on what was this process's stdout:
  {"type": "dispatch", "trigger": "pack.name", "payload": {...}, "trace_tag": null}
The sensor's own print() output and its logger go to stderr, which the container logs, so
nothing a sensor writes can pass for a dispatch. On stdin the container sends JSON lines too
({"type": "token", "token": ..., "api_url": ...} replaces the API token the datastore calls use;
{"type": "add_trigger" / "remove_trigger", "trigger": {...}} calls the sensor's method, once it
has said it is running, for each trigger of its types that rules use);
when stdin closes or SIGTERM arrives, the sensor's cleanup() runs and the process exits.
"""

import argparse
import importlib.util
import inspect
import json
import logging
import os
import signal
import sys
import threading

_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]

from st2common.services.action_service import ActionService  # noqa: E402
from st2reactor.sensor.base import PollingSensor, Sensor  # noqa: E402

# The protocol channel: the real stdout; fd 1 then points at stderr for everything else.
_channel = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr
_channel_lock = threading.Lock()


def _send(message):
    line = json.dumps(message, ensure_ascii=False, separators=(",", ":"), default=str)
    with _channel_lock:
        _channel.write(line + "\n")
        _channel.flush()


class SensorService(object):
    """What a sensor gets as self.sensor_service: dispatch, the datastore, a logger."""

    def __init__(self, pack, class_name):
        self._pack = pack
        self._class_name = class_name
        self._datastore = ActionService(pack, class_name)

    def get_logger(self, name):
        return logging.getLogger("SensorService." + self._class_name + "." + str(name))

    def dispatch(self, trigger, payload=None, trace_tag=None):
        if payload is None:
            payload = {}
        _send({"type": "dispatch", "trigger": trigger, "payload": payload,
               "trace_tag": trace_tag})

    def dispatch_with_context(self, trigger, payload=None, trace_context=None):
        tag = getattr(trace_context, "trace_tag", None) if trace_context is not None else None
        self.dispatch(trigger, payload, tag)

    def list_values(self, local=True, prefix=None):
        return self._datastore.list_values(local=local, prefix=prefix)

    def get_value(self, name, local=True, scope="system", decrypt=False):
        return self._datastore.get_value(name, local=local, scope=scope, decrypt=decrypt)

    def set_value(self, name, value, ttl=None, local=True, scope="system", encrypt=False):
        return self._datastore.set_value(name, value, ttl=ttl, local=local, scope=scope,
                                         encrypt=encrypt)

    def delete_value(self, name, local=True, scope="system"):
        return self._datastore.delete_value(name, local=local, scope=scope)


def load_sensor_class(file_path, class_name):
    real = os.path.realpath(file_path)
    folder = os.path.dirname(real)
    if folder not in sys.path:
        sys.path.append(folder)
    name = os.path.splitext(os.path.basename(real))[0]
    spec = importlib.util.spec_from_file_location(name, real)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    cls = getattr(module, class_name, None)
    if not inspect.isclass(cls):
        raise Exception('Sensor class "%s" is not defined in "%s"' % (class_name, file_path))
    return cls


def read_config(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        os.unlink(path)
    except OSError:
        pass
    return json.loads(text).get("config") or {}


def main():
    parser = argparse.ArgumentParser(description="Squall sensor wrapper")
    parser.add_argument("--pack", required=True)
    parser.add_argument("--file-path", required=True)
    parser.add_argument("--class-name", required=True)
    parser.add_argument("--input-file", required=True)
    parser.add_argument("--poll-interval", type=int, default=None)
    args = parser.parse_args()
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG,
                        format="%(levelname)s %(name)s: %(message)s")

    config = read_config(args.input_file)
    cls = load_sensor_class(args.file_path, args.class_name)
    service = SensorService(args.pack, args.class_name)
    if args.poll_interval and issubclass(cls, PollingSensor):
        sensor = cls(sensor_service=service, config=config, poll_interval=args.poll_interval)
    else:
        sensor = cls(sensor_service=service, config=config)

    stopping = threading.Event()

    def stop(*_):
        if stopping.is_set():
            return
        stopping.set()
        try:
            sensor.cleanup()
        finally:
            if isinstance(sensor, PollingSensor):
                sensor._squall_stop()
            else:
                os._exit(0)

    def watch_stdin():
        # JSON lines from the container (a fresh API token now and then); it closes stdin to
        # stop the sensor, and so does its death
        for line in sys.stdin:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            kind = message.get("type")
            if kind == "token":
                for name in ("ST2_ACTION_AUTH_TOKEN", "ST2_AUTH_TOKEN"):
                    os.environ[name] = message["token"]
                for name in ("ST2_ACTION_API_URL", "ST2_API_URL"):
                    os.environ[name] = message["api_url"]
            elif kind in ("add_trigger", "update_trigger", "remove_trigger"):
                # the trigger watcher's calls; a failing handler is logged, the sensor goes on
                try:
                    getattr(sensor, kind)(message["trigger"])
                except Exception:
                    logging.getLogger("squall.sensor").exception("%s failed", kind)
        stop()

    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=stop, daemon=True).start())
    threading.Thread(target=watch_stdin, daemon=True).start()

    sensor.setup()
    _send({"type": "running"})
    sensor.run()
    if not stopping.is_set():
        # run() returned by itself: StackStorm's container treats that as the sensor ending
        sensor.cleanup()


if __name__ == "__main__":
    main()
