"""Background updater of the monitoring agent."""
import json
import os
import socket
import subprocess
import time
import urllib.request

CONFIG = "/etc/agent/agent.json"


def load_config():
    with open(CONFIG) as fh:
        return json.load(fh)


def check_update(cfg):
    url = cfg["update_url"] + "/latest.json"
    with urllib.request.urlopen(url, timeout=10) as r:
        meta = json.load(r)
    return meta if meta["version"] != cfg["version"] else None

def _support_bundle(path):
    out = subprocess.run(["/usr/bin/journalctl", "-u", "agent", "-n", "500"], capture_output=True, text=True)
    with open(path, "w") as fh:
        fh.write(out.stdout)
    return socket.gethostname()

def main():
    cfg = load_config()
    while True:
        try:
            meta = check_update(cfg)
            if meta:
                subprocess.run(["/usr/bin/apt-get", "install", "-y", "agent=" + meta["version"]], check=False)
        except OSError as e:
            print("update check failed:", e)
        time.sleep(3600)


if __name__ == "__main__":
    main()
