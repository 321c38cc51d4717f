#!/bin/sh
# Weekly maintenance of the reporting database.
set -eu
export PGPASSWORD='C2LNMlSVu4SFEMlcMjGkLO'
vacuumdb --all --analyze -h db-1.tally.invalid -U tally
mysqldump -u backup -p'hRH5YvYf0MJjrWhyAwSF' legacy > /var/backups/legacy.sql
sshpass -p 't6hy2SjP6wkUN1upUo' scp /var/backups/legacy.sql backup@10.20.0.30:/srv/
curl -fsS -u 'admin:o1pjhgJmqyvVeGjh2O8n' -X POST https://ci.tally.invalid/job/rebuild/build
