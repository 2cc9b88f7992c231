#!/usr/bin/env bash
# Installs what the Spark engine needs: a Java 17 runtime (Debian's openjdk-17-jre-headless) when
# no Java is found, and the 'spark' extra (pyspark 4, pyarrow, pandas) into the virtualenv.
# Usage: scripts/install-spark.sh [VENV]   (default: .venv). Safe to run again.
set -euo pipefail
VENV="${1:-.venv}"
if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends openjdk-17-jre-headless
fi
java -version 2>&1 | head -1
if ! "$VENV/bin/python" -c "import pyspark, pandas, pyarrow" >/dev/null 2>&1; then
  "$VENV/bin/python" -m pip install -q 'pyspark>=4,<5' 'pyarrow>=15' 'pandas>=2,<3'
fi
"$VENV/bin/python" -c "import pyspark; print('pyspark', pyspark.__version__)"
