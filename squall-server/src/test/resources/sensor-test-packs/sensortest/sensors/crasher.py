from st2reactor.sensor.base import Sensor


class Crasher(Sensor):
    def setup(self):
        raise ConnectionError("cannot reach the upstream service")

    def run(self):
        pass

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
