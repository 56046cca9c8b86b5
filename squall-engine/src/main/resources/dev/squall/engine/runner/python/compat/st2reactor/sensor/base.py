"""The sensor base classes (st2reactor.sensor.base), written for Squall.

A Sensor's run() holds the process (a listener); a PollingSensor's run() calls poll() every
poll_interval seconds until the container stops it. Squall's sensor wrapper calls setup(), then
run(), and cleanup() when it stops the sensor.
"""

import abc
import threading

__all__ = ["Sensor", "PollingSensor"]


class Sensor(abc.ABC):
    """Base class for a sensor that listens: override setup, run and cleanup."""

    def __init__(self, sensor_service, config=None):
        self._sensor_service = sensor_service
        self.sensor_service = sensor_service
        self._config = config or {}
        self.config = self._config

    @abc.abstractmethod
    def setup(self):
        pass

    @abc.abstractmethod
    def run(self):
        pass

    @abc.abstractmethod
    def cleanup(self):
        pass

    @abc.abstractmethod
    def add_trigger(self, trigger):
        pass

    @abc.abstractmethod
    def update_trigger(self, trigger):
        pass

    @abc.abstractmethod
    def remove_trigger(self, trigger):
        pass


class PollingSensor(Sensor):
    """A sensor that polls: override poll(); run() calls it every poll_interval seconds."""

    def __init__(self, sensor_service, config=None, poll_interval=5):
        super(PollingSensor, self).__init__(sensor_service=sensor_service, config=config)
        self._poll_interval = poll_interval
        self._stopped = threading.Event()

    @abc.abstractmethod
    def poll(self):
        pass

    def run(self):
        while not self._stopped.is_set():
            self.poll()
            self._stopped.wait(self._poll_interval)

    def get_poll_interval(self):
        return self._poll_interval

    def set_poll_interval(self, poll_interval):
        self._poll_interval = poll_interval

    def _squall_stop(self):
        """Called by Squall's wrapper when the container stops the sensor."""
        self._stopped.set()
