#!/bin/sh
# `wijkgericht <command>` for administrators: as the service user, with the site's environment, in the data folder.
# Install as /usr/local/bin/wijkgericht (docs/operations.md, "Install").
[ "$(id -un)" = wijkgericht ] || exec sudo -u wijkgericht "$0" "$@"
set -a; . /etc/wijkgericht/env; set +a
cd /var/lib/wijkgericht || exit 1
exec /opt/wijkgericht/bin/wijkgericht "$@"
