"""Squall's warm Python worker: a fork server for one interpreter (one pack virtualenv).

Started by Squall's PythonWorkers as
  python -u squall_fork_server.py SOCKET COMPAT_DIR

It imports the action wrapper (and through it the st2common compatibility package, json,
argparse...) once, listens on the Unix socket SOCKET, prints "ready", and then forks one child
per execution, which runs squall_action_wrapper.main() exactly as a fresh
"python -u squall_action_wrapper.py ..." would: executions stay isolated, each in a process of
its own that imports the action's module itself.

Per execution Squall opens three connections, each starting with one JSON line:
  {"kind": "stdout", "id": ID}      becomes the child's stdout (fd 1)
  {"kind": "stderr", "id": ID}      becomes the child's stderr (fd 2)
  {"kind": "run", "id": ID, "args": [...], "env": {...}, "cwd": "..."}   the control connection
Once all three are here the server forks. On the control connection it writes "pid N" at once
and "exit CODE" when the child ends (128+signal when killed, as Java reports processes). The
child leads a session of its own (as setsid makes the plain process do) and waits for one byte
on its stdout connection before it runs: Squall sends it once it has recorded the child's group,
so a crash of Squall meanwhile never leaves an unrecorded action running.

When its stdin closes (Squall stops it, or is gone) the server forks no more and exits once its
running children have ended.
"""

import gc
import importlib.util
import json
import os
import select
import signal
import socket
import sys
import threading
import traceback

HEADER_TIMEOUT = 5.0
MAX_HEADER = 16 * 1024 * 1024


def read_header(conn):
    conn.settimeout(HEADER_TIMEOUT)
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk or len(data) > MAX_HEADER:
            raise ValueError("connection closed before its header ended")
        data += chunk
    conn.settimeout(None)
    return json.loads(data.decode("utf-8"))


def exit_code(status):
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


class Server:
    def __init__(self, socket_path, compat):
        here = os.path.dirname(os.path.abspath(__file__))
        # The interpreter's own path as a fresh wrapper process has it, without PYTHONPATH.
        self.base_path = [p for p in sys.path if os.path.abspath(p or ".") != here]
        sys.path[:] = [compat] + self.base_path
        spec = importlib.util.spec_from_file_location(
            "squall_action_wrapper", os.path.join(here, "squall_action_wrapper.py"))
        self.wrapper = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.wrapper)
        sys.path[:] = list(self.base_path)
        # What is loaded now is shared with every child: a collection in a child must not
        # touch (and so copy) its pages.
        gc.collect()
        gc.freeze()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(socket_path)
        self.listener.listen(128)
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.pending = {}  # id -> {"run": (conn, header), "stdout": conn, "stderr": conn}
        self.running = {}  # pid -> control connection

    def serve(self):
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        inputs = [self.listener, self.wake_r, sys.stdin]
        while sys.stdin in inputs or self.running:
            ready, _, _ = select.select(inputs, [], [])
            if sys.stdin in ready and not os.read(sys.stdin.fileno(), 4096):
                # Stopped: fork no more, but report on the running children until they end.
                inputs = [self.wake_r]
                self.listener.close()
                continue
            if self.wake_r in ready:
                try:
                    while os.read(self.wake_r, 4096):
                        pass
                except BlockingIOError:
                    pass
            self.reap()
            if self.listener in ready:
                self.accept()

    def accept(self):
        conn, _ = self.listener.accept()
        try:
            header = read_header(conn)
            kind, job_id = header["kind"], str(header["id"])
        except (OSError, ValueError, KeyError, TypeError):
            conn.close()
            return
        job = self.pending.setdefault(job_id, {})
        job[kind] = (conn, header) if kind == "run" else conn
        if len(job) == 3:
            del self.pending[job_id]
            self.fork(job)

    def fork(self, job):
        control, request = job["run"]
        out, err = job["stdout"], job["stderr"]
        try:
            pid = os.fork()
        except OSError as e:
            self.send(control, "error cannot fork: %s\n" % e)
            for conn in (control, out, err):
                conn.close()
            return
        if pid == 0:
            code = 1
            try:
                code = self.child(control, out, err, request)
            finally:
                os._exit(code)
        out.close()
        err.close()
        self.running[pid] = control
        self.send(control, "pid %d\n" % pid)

    def reap(self):
        while self.running:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            control = self.running.pop(pid, None)
            if control is not None:
                self.send(control, "exit %d\n" % exit_code(status))
                control.close()

    @staticmethod
    def send(conn, text):
        try:
            conn.sendall(text.encode("utf-8"))
        except OSError:
            pass  # Squall gave up on this execution; the child is killed through its group

    def child(self, control, out, err, request):
        os.setsid()
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # Nothing of the server or of other executions stays open here: an inherited socket
        # of another execution would hold its output open after that one ended.
        self.listener.close()
        os.close(self.wake_r)
        os.close(self.wake_w)
        control.close()
        for conn in self.running.values():
            conn.close()
        for job in self.pending.values():
            for value in job.values():
                (value[0] if isinstance(value, tuple) else value).close()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        if not out.recv(1):
            return 1  # Squall gave up on this execution before it started
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        out.close()
        err.close()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        python_path = os.environ.get("PYTHONPATH", "")
        sys.path[:] = [p for p in python_path.split(os.pathsep) if p] + self.base_path
        sys.pycache_prefix = os.environ.get("PYTHONPYCACHEPREFIX") or None
        sys.argv = [self.wrapper.__file__] + list(request["args"])
        return run_as_main(self.wrapper.main)


def run_as_main(main):
    """main() with the exit a fresh interpreter would make of it."""
    try:
        main()
        code = 0
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code & 0xFF
        else:
            sys.stderr.write("%s\n" % e.code)
            code = 1
    except BaseException as e:
        # From main() down, as an uncaught exception in the wrapper prints it
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
        code = 1
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    try:
        import atexit

        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
    return code


if __name__ == "__main__":
    Server(sys.argv[1], sys.argv[2]).serve()
