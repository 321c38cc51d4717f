"""Backup worker: runs as the unprivileged 'backup' user after start-up."""
import logging
import os
import pwd
import shutil
import tarfile

log = logging.getLogger("backupd")


def drop_privileges(user="backup"):
    pw = pwd.getpwnam(user)
    os.setgroups([])
    os.setgid(pw.pw_gid)
    os.setuid(pw.pw_uid)


def archive(src, dest_dir):
    name = os.path.join(dest_dir, os.path.basename(src.rstrip("/")) + ".tar.gz")
    with tarfile.open(name, "w:gz") as tar:
        tar.add(src, arcname=os.path.basename(src))
    return name


def run(jobs, dest_dir):
    if os.environ.get("BACKUPD_DRY_RUN") == "1":
        log.info("dry run: %d jobs", len(jobs))
        return
    drop_privileges()
    for src in jobs:
        try:
            path = archive(src, dest_dir)
            log.info("archived %s -> %s", src, path)
        except OSError as e:
            log.error("backup of %s failed: %s", src, e)
    shutil.disk_usage(dest_dir)
