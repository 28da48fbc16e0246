"""Attendance terminals: ZKTeco ADMS, Fingerspot, Hikvision and signed-JSON pushes into the ledger.

The routes (``terminals.routes.add_terminal_routes``) and the command line (``terminals.cli``)
are not imported here: the routes need the web application, which imports them.
"""

from terminals.admin import Approval, add_device, approve_device, block_device, map_pin
from terminals.commands import SyncResult, queue_command, queue_person_sync
from terminals.health import DeviceHealth, SilentDevice, device_health, silent_devices
from terminals.registry import TerminalProtocol

__all__ = [
    "Approval",
    "DeviceHealth",
    "SilentDevice",
    "SyncResult",
    "TerminalProtocol",
    "add_device",
    "approve_device",
    "block_device",
    "device_health",
    "map_pin",
    "queue_command",
    "queue_person_sync",
    "silent_devices",
]
