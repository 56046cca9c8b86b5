import threading

from st2reactor.sensor.base import Sensor


class Listener(Sensor):
    """Listens until cleanup() tells it to stop."""

    def setup(self):
        self._stop = threading.Event()

    def run(self):
        self._stop.wait()

    def cleanup(self):
        self._stop.set()

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
