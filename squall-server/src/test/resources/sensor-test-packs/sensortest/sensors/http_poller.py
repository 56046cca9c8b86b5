import json
import urllib.request

from st2reactor.sensor.base import PollingSensor


class HttpPoller(PollingSensor):
    """Polls a JSON endpoint ({"id": n, "message": "..."}) and dispatches each new id."""

    def setup(self):
        self._logger = self.sensor_service.get_logger(name=self.__class__.__name__)

    def poll(self):
        url = self.sensor_service.get_value("sensortest.url", local=False)
        if not url:
            return
        with urllib.request.urlopen(url, timeout=10) as response:
            item = json.loads(response.read().decode("utf-8"))
        last = self.sensor_service.get_value("last_id")
        if last is not None and int(last) >= item["id"]:
            return
        self._logger.info("new item %s", item["id"])
        self.sensor_service.dispatch(trigger="sensortest.new_item", payload=item)
        self.sensor_service.set_value("last_id", item["id"])

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
