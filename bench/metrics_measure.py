#!/usr/bin/python3
"""Runs one command for bench/metrics_compare.sh and measures it from outside.

    python3 bench/metrics_measure.py STDOUT_FILE STDERR_FILE -- COMMAND [ARGS...]

Prints to stdout, one `name value` a line:
  exit         the command's exit status (128 + N when killed by signal N)
  wall         seconds from start to exit (perf_counter around fork/exec and wait)
  user, sys    CPU seconds of the process and its waited-for children (wait4's rusage)
  max_rss_kb   peak resident set (rusage ru_maxrss): includes file pages the process mapped or
               touched, so for a tool that mmaps its input it grows with the file even when its
               own memory does not
  rss_anon_kb  peak RssAnon (anonymous memory only: heap, stacks, private buffers), sampled from
               /proc/PID/status every 5 ms, so a peak shorter than that can be missed
"""
import os
import subprocess
import sys
import time


def rss_anon_kb(pid):
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"RssAnon:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit("usage: metrics_measure.py STDOUT_FILE STDERR_FILE -- COMMAND [ARGS...]")
    out_path, err_path, command = sys.argv[1], sys.argv[2], sys.argv[4:]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        began = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid != 0:
                break
            peak = max(peak, rss_anon_kb(proc.pid))
            time.sleep(0.005)
        wall = time.perf_counter() - began
    proc.returncode = status  # reaped here, not by Popen
    code = os.waitstatus_to_exitcode(status)
    print(f"exit {code if code >= 0 else 128 - code}")
    print(f"wall {wall:.4f}")
    print(f"user {usage.ru_utime:.4f}")
    print(f"sys {usage.ru_stime:.4f}")
    print(f"max_rss_kb {usage.ru_maxrss}")
    print(f"rss_anon_kb {peak}")


if __name__ == "__main__":
    main()
