"""A graceful stop serves the listen queue: before gunicorn's arbiter stops, no new connections, and the workers
accept the ones already waiting (Linux; elsewhere the stop is gunicorn's own).

The arbiter and every worker hold the same listening socket. gunicorn's stop closes the arbiter's copy and sends
the workers SIGTERM; each closes its copy when it next looks (a gevent worker within a second) and the kernel keeps
completing handshakes (connect() succeeds, the request is sent) until the last copy is closed, which then resets
every connection still in its accept queue: a client, or nginx, sees "connection reset" for a request it had sent
(a 502). So before that, the arbiter has the kernel drop new connections' SYNs on the socket (a socket filter, on
the socket itself, so for every process holding it), and lets the workers, still running, accept what is queued.
A client connecting from then on is not answered and tries again (a SYN is resent after 1 s): it reaches the next
server, or is refused once the socket is closed, before it has sent anything. Linux only; elsewhere as gunicorn.
"""

from __future__ import annotations

import ctypes
import os
import queue
import signal
import socket
import struct
import sys
import time

from gunicorn.arbiter import Arbiter

from bot.words import counted

# Classic BPF over the TCP header: drop a segment with SYN set (a new connection), keep every other. (Connections
# accepted from the socket after it inherit it: harmless, a connected socket is sent no SYN.)
_DROP_SYN = ((0x30, 0, 0, 13),  # ld  [13]: the flags byte
             (0x45, 0, 1, 0x02),  # jset #SYN: next, else skip one
             (0x06, 0, 0, 0),  # ret #0: drop
             (0x06, 0, 0, 0xFFFFFFFF))  # ret: keep it all
_SO_ATTACH_FILTER = 26  # linux/filter.h; not in the socket module
_SYN_RECV = "03"  # a half-open connection in /proc/net/tcp
HANDSHAKE_WAIT = 1.0  # seconds a stop waits for handshakes under way, once the accept queue is empty


class _Insn(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_Insn))]


def refuse_new_connections(sock: socket.socket) -> bool:
    """Have the kernel drop SYNs to this listening TCP socket; False where it cannot (not Linux, not TCP)."""
    if not sys.platform.startswith("linux") or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    insns = (_Insn * len(_DROP_SYN))(*(_Insn(*i) for i in _DROP_SYN))
    try:
        sock.setsockopt(socket.SOL_SOCKET, _SO_ATTACH_FILTER, bytes(_Program(len(_DROP_SYN), insns)))
    except OSError:
        return False
    return True


def queued_connections(sock: socket.socket) -> int:
    """Connections the kernel has accepted on this listening socket that no worker has accept()ed yet (Linux)."""
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    return struct.unpack_from("I", info, 24)[0]  # tcpi_unacked: the accept queue's length, for a listener


def half_open_connections(sock: socket.socket) -> int:
    """Handshakes under way to this socket's port: each joins the accept queue when the client's ACK arrives."""
    port = f":{sock.getsockname()[1]:04X}"
    found = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as lines:
                next(lines, None)
                found += sum(1 for line in lines if (f := line.split())[3] == _SYN_RECV and f[1].endswith(port))
        except OSError:
            pass
    return found


def _quick_stop_asked(arbiter: Arbiter) -> bool:
    """Is a SIGQUIT or a second SIGINT waiting for the arbiter? (Taken and put back: it stops the stop quickly.)"""
    pending = []
    while True:
        try:
            pending.append(arbiter.SIG_QUEUE.get_nowait())
        except queue.Empty:
            break
    for sig in pending:
        arbiter.SIG_QUEUE.put_nowait(sig)
    return any(sig in (signal.SIGINT, signal.SIGQUIT) for sig in pending)


def _workers_alive(arbiter: Arbiter) -> bool:
    for pid in list(arbiter.WORKERS):
        try:  # WNOWAIT: the arbiter still reaps it
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
                return True
        except ChildProcessError:
            continue
    return False


def serve_the_listen_queue(arbiter: Arbiter) -> None:
    """Before a graceful stop: no new connections, and the workers accept the ones waiting, within gunicorn's
    graceful timeout (a SIGQUIT or a second Ctrl-C cuts it short)."""
    if arbiter.reexec_pid or arbiter.master_pid or arbiter.systemd:
        return  # the socket lives on, in another arbiter (SIGUSR2) or in systemd, for the next server
    listeners = [lst.sock for lst in arbiter.LISTENERS if refuse_new_connections(lst.sock)]
    deadline = time.monotonic() + arbiter.cfg.graceful_timeout
    # A handshake under way when the SYNs began to be dropped completes within a round trip; one whose client has
    # gone (a port scan, a SYN flood) would hold the stop until the kernel gives it up (a minute): a second at most.
    handshakes_until = None
    said = False
    while listeners and _workers_alive(arbiter) and not _quick_stop_asked(arbiter):
        waiting = sum(queued_connections(sock) for sock in listeners)
        if not waiting:
            handshakes_until = handshakes_until or time.monotonic() + HANDSHAKE_WAIT
            if time.monotonic() >= handshakes_until or not sum(half_open_connections(s) for s in listeners):
                return
        elif not said:
            arbiter.log.info("Stopping: first serving %s waiting in the listen queue", counted(waiting, "connection"))
            said = True
        if time.monotonic() >= deadline:
            if waiting:
                arbiter.log.warning("Stopping after the graceful timeout (%s s): %s still waiting in the listen "
                                    "queue will be reset", arbiter.cfg.graceful_timeout, counted(waiting, "connection"))
            return
        time.sleep(0.01)
