"""self.action_service: datastore calls of a running action, over Squall's REST API.

As in StackStorm, the action process has no database: it calls the API at ST2_ACTION_API_URL
with the execution's token ST2_ACTION_AUTH_TOKEN. Local keys are "<pack>.<Class>:<name>".
"""

import json
import logging
import os
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["ActionService", "KeyValuePair"]

SEPARATOR = ":"
SYSTEM_SCOPE = "system"
LOG = logging.getLogger("st2common.services.datastore")


class KeyValuePair(object):
    """What list_values returns (st2client's KeyValuePair): attributes, not a dict."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def __repr__(self):
        return "<KeyValuePair name=%s,value=%s>" % (self.__dict__.get("name"),
                                                   self.__dict__.get("value"))


class ActionService(object):
    def __init__(self, pack, class_name, user=None):
        self._pack = pack
        self._class_name = class_name
        self._user = user
        self.log_level = None

    # -- StackStorm's public API -------------------------------------------------------------

    def get_user_info(self):
        return self._call("GET", "/api/v1/user")

    def list_values(self, local=True, prefix=None, limit=None, offset=None):
        key_prefix = self._prefix() if local else ""
        if prefix:
            key_prefix += prefix
        query = {"prefix": key_prefix, "limit": limit or 100}
        if offset:
            query["offset"] = offset
        items = self._call("GET", "/api/v1/keys?" + urllib.parse.urlencode(query)) or []
        return [KeyValuePair(**item) for item in items]

    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        self._check_scope(scope)
        key = self._key(name, local)
        query = urllib.parse.urlencode({"decrypt": "true" if decrypt else "false",
                                        "scope": scope})
        try:
            item = self._call("GET", "/api/v1/keys/%s?%s" % (urllib.parse.quote(key, safe=""),
                                                            query))
        except Exception as e:
            LOG.debug('Failed to retrieve value for key "%s": %s', key, e)
            return None
        return item.get("value") if item else None

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        self._check_scope(scope)
        key = self._key(name, local)
        body = {"name": key, "value": str(value), "scope": scope}
        if encrypt:
            body["secret"] = True
        if ttl:
            body["ttl"] = int(ttl)
        self._call("PUT", "/api/v1/keys/" + urllib.parse.quote(key, safe=""), body)
        return True

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        self._check_scope(scope)
        key = self._key(name, local)
        try:
            self._call("DELETE", "/api/v1/keys/%s?scope=%s" % (urllib.parse.quote(key, safe=""),
                                                              scope))
        except Exception as e:
            LOG.debug('Failed to delete value for key "%s": %s', key, e)
            return False
        return True

    # -- helpers -------------------------------------------------------------------------------

    def _prefix(self):
        return "%s.%s%s" % (self._pack, self._class_name, SEPARATOR)

    def _key(self, name, local):
        return self._prefix() + name if local else name

    @staticmethod
    def _check_scope(scope):
        if scope != SYSTEM_SCOPE:
            raise ValueError("Scope %s is unsupported." % scope)

    @staticmethod
    def _call(method, path, body=None):
        base = os.environ.get("ST2_ACTION_API_URL") or os.environ.get("ST2_API_URL")
        token = os.environ.get("ST2_ACTION_AUTH_TOKEN") or os.environ.get("ST2_AUTH_TOKEN")
        if not base or not token:
            raise RuntimeError("No Squall API to call: ST2_ACTION_API_URL and "
                               "ST2_ACTION_AUTH_TOKEN are not set")
        base = base.rstrip("/")
        if base.endswith("/api/v1"):
            base = base[: -len("/api/v1")]
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(base + path, data=data, method=method)
        request.add_header("X-Auth-Token", token)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode("utf-8")
        return json.loads(text) if text else None
