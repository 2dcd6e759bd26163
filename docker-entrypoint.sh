#!/bin/sh
# Started as an unprivileged user (the image default): run the command as that user.
# Started as root (Railway with RAILWAY_RUN_UID=0, because it mounts volumes owned by root):
# give the data directories to `node`, then drop to `node` for good. The app never runs as root.
set -eu
if [ "$(id -u)" = "0" ]; then
  APP_USER="${APP_USER:-node}"
  db_dir=""
  if [ -n "${DATABASE_PATH:-}" ]; then db_dir=$(dirname "$DATABASE_PATH"); fi
  for dir in "${RAILWAY_VOLUME_MOUNT_PATH:-}" "$db_dir" "${BACKUP_DIR:-}"; do
    if [ -n "$dir" ] && [ -d "$dir" ] && [ "$(stat -c %U "$dir")" != "$APP_USER" ]; then
      chown -R "$APP_USER:" "$dir"
    fi
  done
  exec setpriv --reuid="$APP_USER" --regid="$(id -g "$APP_USER")" --init-groups "$@"
fi
exec "$@"
