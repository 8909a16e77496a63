"""`python -m facilitation`: the Socket.IO-capable server (gevent, one process).

Monkey-patching must happen before anything else imports sockets or threads.
"""

from gevent import monkey

monkey.patch_all()

import gc  # noqa: E402
import os  # noqa: E402


def main() -> None:
    from facilitation import cluster, shutdown
    from facilitation.app import create_app
    from facilitation.http_server import make_server
    from facilitation.jobs import follow_up

    host = os.environ.get("HOST", "127.0.0.1")
    # The console warns when phones cannot reach a server that listens on loopback only.
    app = create_app({"SOCKETIO_ASYNC_MODE": "gevent", "LISTENING_ON": host})
    # Move the ~300,000 objects of start-up out of the collector's reach, so a request
    # does not pay for sweeping them (measured: map data 0.38 s -> 0.13 s).
    gc.collect()
    gc.freeze()
    port = int(os.environ.get("PORT", "5000"))
    print(f" * Serving the policy cycle toolkit on http://{host}:{port}", flush=True)
    # Our own gevent server rather than socketio.run: same WSGI server and WebSocket handler,
    # without the Nagle stall (see http_server.py).
    cluster.start(app)  # with REDIS_URL: hear the other server processes
    follow_up.start(app)  # finished imports and merges reach open rooms
    server = make_server(app, host, port, log_output=os.environ.get("ACCESS_LOG") == "1")
    shutdown.install(app, server)  # SIGTERM: drain, flush the co-editing rooms, exit 0
    server.serve_forever()
    print(" * Server stopped", flush=True)


if __name__ == "__main__":
    main()
