"""Where packs live (st2common.content.utils)."""

import os

__all__ = ["get_pack_base_path"]


def get_pack_base_path(pack_name):
    """The pack's folder: Squall tells the action through ST2_ACTION_PACK_PATH."""
    path = os.environ.get("ST2_ACTION_PACK_PATH")
    if path and os.path.basename(path.rstrip("/")) == pack_name:
        return path
    base = os.path.dirname(path.rstrip("/")) if path else os.getcwd()
    return os.path.join(base, pack_name)
