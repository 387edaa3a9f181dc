"""One app per journal: the first instance listens on a local socket named for the journal; a second one,
finding the journal locked, asks the first to come to the front and exits."""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

SHOW = b"show\n"
TIMEOUT_MS = 1000


def server_name(journal_path: Path) -> str:
    digest = hashlib.sha256(f"{getpass.getuser()}\0{journal_path.resolve()}".encode()).hexdigest()[:20]
    return f"sales-journal-{digest}"


class InstanceServer(QObject):
    """Listens for a second instance started on the same journal; emits `show_requested`."""

    show_requested = Signal()

    def __init__(self, journal_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(journal_path)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        # We hold the journal's writer lock, so a socket left by a crashed instance is stale: remove it.
        QLocalServer.removeServer(self.name)
        self.listening = self.server.listen(self.name)

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(SHOW.strip()):
            self.show_requested.emit()

    def close(self) -> None:
        self.server.close()


def ask_running_to_show(journal_path: Path) -> bool:
    """Ask the instance that has `journal_path` open to bring its window to the front. False when no
    instance answers (the journal is held by something else, such as a command in a terminal)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(journal_path))
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write(SHOW)
    sent = socket.waitForBytesWritten(TIMEOUT_MS)
    socket.disconnectFromServer()
    return sent
