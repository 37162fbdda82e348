#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d).
# One database per service, owned by a role of the same name: no service can read another's tables.
# CRM_DATABASES lists them (docker-compose.yml); CRM_DB_PASSWORD is the local password of every role.
set -euo pipefail
: "${CRM_DATABASES:?CRM_DATABASES must list the databases}"
: "${CRM_DB_PASSWORD:?CRM_DB_PASSWORD must be set}"
for db in $CRM_DATABASES; do
  echo "init-databases: role and database $db"
  psql -v ON_ERROR_STOP=1 -v db="$db" -v pw="$CRM_DB_PASSWORD" \
       --username "$POSTGRES_USER" --dbname postgres <<'SQL'
CREATE ROLE :"db" LOGIN PASSWORD :'pw';
CREATE DATABASE :"db" OWNER :"db";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
done
