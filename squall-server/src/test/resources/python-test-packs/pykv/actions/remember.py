from st2common.runners.base_action import Action


class Remember(Action):
    def run(self, value):
        svc = self.action_service
        svc.set_value("last", value)  # local: pykv.Remember:last
        svc.set_value("shared.greeting", value, local=False)
        svc.set_value("shared.secret", "s3cret-" + value, local=False, encrypt=True)
        svc.set_value("shared.short", "soon gone", local=False, ttl=300)
        svc.set_value("shared.dict", {"a": 1}, local=False)  # stored as its str()
        return svc.get_value("last")
