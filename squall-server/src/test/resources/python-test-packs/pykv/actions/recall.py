import os

from st2common.runners.base_action import Action


class Recall(Action):
    def run(self):
        svc = self.action_service
        try:
            svc.get_value("x", scope="user")
            scope_error = None
        except ValueError as e:
            scope_error = str(e)
        return {
            "greeting": svc.get_value("shared.greeting", local=False),
            "secret": svc.get_value("shared.secret", local=False, decrypt=True),
            "secret_unread": svc.get_value("shared.secret", local=False) != svc.get_value(
                "shared.secret", local=False, decrypt=True),
            "dict": svc.get_value("shared.dict", local=False),
            "mine": svc.get_value("last"),
            "names": sorted(kv.name for kv in svc.list_values(local=False, prefix="shared.")),
            "deleted": svc.delete_value("shared.short", local=False),
            "deleted_again": svc.delete_value("shared.short", local=False),
            "scope_error": scope_error,
            "token": os.environ.get("ST2_ACTION_AUTH_TOKEN"),
        }
