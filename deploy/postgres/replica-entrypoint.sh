#!/bin/sh
# The streaming replica: on its first start, a copy of the primary made by pg_basebackup (-R writes
# standby.signal and primary_conninfo, so it follows the primary from then on); then the postgres
# image's own entry starts it as a hot standby.
set -eu
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres -p 5432 -q; do sleep 1; done
  mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
  PGPASSWORD="$REPLICATION_PASSWORD" gosu postgres pg_basebackup -h postgres -p 5432 -U replicator -D "$PGDATA" -R -X stream -P
fi
exec docker-entrypoint.sh postgres -c hot_standby=on -c max_standby_streaming_delay=30s
