"""kombu's fix for a worker that goes deaf after Redis restarts, for kombu before 5.4 (Debian ships 5.2.4).

While Redis is down, each reconnection attempt creates a channel whose PING fails. Its Redis connections are
garbage-collected later, and their disconnect ran the poller clean-up of the connection in use by then: it
took the poll callback off the worker's event loop, so the worker, still running, neither took tasks nor
answered remote control (`celery inspect ping`) until it was restarted. Whether it happened depended on when
the collector ran. As kombu 5.4 does, only a channel that was added to the poller takes part in its clean-up.
"""
import kombu
from kombu.transport import redis as transport


def apply() -> None:
    if tuple(int(p) for p in kombu.__version__.split(".")[:2]) >= (5, 4):
        return
    channel_init = transport.Channel.__init__
    connparams = transport.Channel._connparams

    def __init__(self, *args, **kwargs):
        self._registered = False
        channel_init(self, *args, **kwargs)
        # Reached only once the channel answered PING and was added to the poller.
        self._registered = True

    def _connparams(self, asynchronous=False):
        params = connparams(self, asynchronous=asynchronous)
        if asynchronous:
            channel = self
            # The class kombu wrapped to report disconnects: wrap it again, reporting only for a registered channel.
            base = params["connection_class"].__mro__[1]

            class Connection(base):
                def disconnect(self, *args):
                    super().disconnect(*args)
                    if channel._registered:
                        channel._on_connection_disconnect(self)

            params["connection_class"] = Connection
        return params

    transport.Channel.__init__ = __init__
    transport.Channel._connparams = _connparams
