#!/bin/sh
# Runs once, when the primary's data directory is first made (the postgres image runs every script in
# /docker-entrypoint-initdb.d): a role the replica streams the WAL as, allowed to connect for
# replication from the compose network only.
set -eu
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --set=pw="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'pw';
SQL
echo "host replication replicator samenet scram-sha-256" >> "$PGDATA/pg_hba.conf"
