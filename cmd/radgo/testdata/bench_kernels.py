"""Side-by-side kernel benchmark: radgo vs Debian's ipykernel (run by hand).

    go build -o /tmp/radgo ./cmd/radgo
    /usr/bin/python3 cmd/radgo/testdata/bench_kernels.py --radgo /tmp/radgo

For each kernel, through jupyter_client exactly as Jupyter drives it:
  ready    time from launching the process to the first kernel_info_reply
           (median of --starts launches);
  first    time from launching to the reply of the first execute (radgo's
           evaluator process starts in the background meanwhile);
  execute  round trip of a trivial execute_request ("1"): send, reply, idle
           (median of --n executions after 20 warm-up ones);
  memory   resident memory of the kernel's process tree (radgo: kernel +
           kernel-worker) after the executions, idle: RSS summed (counts the
           binary pages both radgo processes share twice) and PSS summed.
Not run in CI: timings depend on the machine and its load.
"""
import argparse
import json
import os
import statistics
import tempfile
import time

from jupyter_client.manager import KernelManager


def tree_mem_mb(pid):
    """Sums of VmRSS and of Pss (shared pages split between the processes
    sharing them, e.g. radgo's binary mapped by kernel and worker) over pid
    and its descendants, in MB."""
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(d))
        except (OSError, IndexError, ValueError):
            pass
    rss, pss, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss / 1024, pss / 1024


def start(name):
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    while True:  # like wait_for_ready, but timing the first reply
        msg_id = kc.kernel_info()
        try:
            while True:
                r = kc.get_shell_msg(timeout=0.05)
                if r["parent_header"].get("msg_id") == msg_id:
                    return km, kc, time.perf_counter() - t0
        except Exception:
            pass


def execute(kc, code):
    msg_id = kc.execute(code)
    while True:
        r = kc.get_shell_msg(timeout=10)
        if r["parent_header"].get("msg_id") == msg_id:
            break
    while True:
        m = kc.get_iopub_msg(timeout=10)
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            return


def bench(name, starts, n):
    ready, first = [], []
    for i in range(starts):
        t0 = time.perf_counter()
        km, kc, t = start(name)
        ready.append(t)
        kc.wait_for_ready(timeout=60)  # iopub subscribed too (slow joiner)
        execute(kc, "1")
        first.append(time.perf_counter() - t0)
        if i < starts - 1:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    for _ in range(20):
        execute(kc, "1")
    rtt = []
    for _ in range(n):
        t0 = time.perf_counter()
        execute(kc, "1")
        rtt.append(time.perf_counter() - t0)
    time.sleep(1)
    mem = tree_mem_mb(km.provisioner.process.pid)
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return statistics.median(ready), statistics.median(first), statistics.median(rtt), mem


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--radgo", required=True, help="path of the radgo binary")
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--n", type=int, default=200)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        kdir = os.path.join(d, "kernels", "radgo-bench")
        os.makedirs(kdir)
        with open(os.path.join(kdir, "kernel.json"), "w") as f:
            json.dump({"argv": [os.path.abspath(a.radgo), "kernel", "{connection_file}"],
                       "display_name": "radgo bench", "language": "go",
                       "interrupt_mode": "message", "metadata": {}}, f)
        os.environ["JUPYTER_PATH"] = d + os.pathsep + os.environ.get("JUPYTER_PATH", "")
        print(f"{'kernel':<10} {'ready (s)':>10} {'first (s)':>10} {'execute (ms)':>13} {'idle RSS (MB)':>14} {'idle PSS (MB)':>14}")
        for label, name in (("radgo", "radgo-bench"), ("ipykernel", "python3")):
            r, f1, e, m = bench(name, a.starts, a.n)
            print(f"{label:<10} {r:>10.3f} {f1:>10.3f} {e * 1000:>13.2f} {m[0]:>14.1f} {m[1]:>14.1f}", flush=True)


if __name__ == "__main__":
    main()
