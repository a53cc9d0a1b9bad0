#!/usr/bin/env bash
# Runs the platform distributed on this machine without Docker, every piece its own process: the embedded Kafka broker
# (3 brokers, replication factor 3), `migrate` on a PostgreSQL database, two orchestrators, one worker host with every
# worker service (ledger, fraud, notify, inventory, shipping) and the gateway in front of them. It runs until Ctrl+C or SIGTERM, then stops every process it started. See infra/README.md,
# "Run it distributed without Docker". tests/Sagas.Deployment.Tests runs this same script.
#
#   infra/run-distributed.sh --postgres "Host=127.0.0.1;Port=5432;Database=sagas;Username=postgres;Password=postgres"
#
# Options (all optional but --postgres):
#   --postgres CONNECTION     the PostgreSQL database every service keeps its schema in (it must exist)
#   --bin DIR                 run the hosts from DIR instead of building them into <dir>/bin
#   --dir DIR                 where the bootstrap file, logs and the build go (default: ./.distributed)
#   --gateway-port P          the gateway's HTTP port, the one address to call (default: 5080)
#   --orchestrator-ports A,B  the two orchestrators' HTTP ports (default: 5081,5082)
#   --worker-port P           the worker host's HTTP port (default: 5090)
#   --workers-delay SECONDS   start the worker host this long after both orchestrators answer ready (default: start
#                             it with them)
# Any other setting is taken from the environment (e.g. Transfers__StepTimeout=00:00:20).
set -euo pipefail

repository="$(cd "$(dirname "$0")/.." && pwd)"
postgres=""
bin=""
dir="$PWD/.distributed"
gateway_port="5080"
orchestrator_ports="5081,5082"
worker_port="5090"
workers_delay="0"

while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --gateway-port) gateway_port="$2"; shift 2 ;;
    --orchestrator-ports) orchestrator_ports="$2"; shift 2 ;;
    --worker-port) worker_port="$2"; shift 2 ;;
    --workers-delay) workers_delay="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done
if [ -z "$postgres" ]; then
  echo "--postgres is required: a connection string to an existing, empty PostgreSQL database" >&2
  exit 2
fi

mkdir -p "$dir/logs"
children=()
stop() {
  trap - EXIT INT TERM
  # SIGTERM lets every host drain its consumers and commit, which needs the broker: it is stopped last, once they are gone.
  local broker="${children[0]:-}" host
  for host in "${children[@]:1}"; do kill -TERM "$host" 2>/dev/null || true; done
  for host in "${children[@]:1}"; do wait "$host" 2>/dev/null || true; done
  if [ -n "$broker" ]; then
    kill -TERM "$broker" 2>/dev/null || true
    wait "$broker" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'stop; exit 0' INT TERM

if [ -z "$bin" ]; then
  bin="$dir/bin"
  echo "== building into $bin"
  for project in tools/Sagas.EmbeddedKafka src/Sagas.Orchestrator.Host src/Sagas.Workers.Host src/Sagas.Gateway; do
    dotnet build "$repository/$project" -c Release -o "$bin" --nologo -v quiet
  done
fi

echo "== embedded Kafka: 3 brokers, replication factor 3 (logs in $dir/logs)"
bootstrap_file="$dir/kafka-bootstrap.txt"
rm -f "$bootstrap_file"
dotnet "$bin/Sagas.EmbeddedKafka.dll" --brokers 3 --replication-factor 3 --bootstrap-file "$bootstrap_file" > "$dir/logs/kafka.log" 2>&1 &
children+=($!)
for _ in $(seq 1 120); do
  [ -s "$bootstrap_file" ] && break
  sleep 0.5
done
if [ ! -s "$bootstrap_file" ]; then
  echo "the embedded broker wrote no bootstrap file within 60 s; see $dir/logs/kafka.log" >&2
  exit 1
fi

# What every host shares: the broker's address, the database, and schemas applied by migrate rather than at start.
export Kafka__BootstrapServers="$(cat "$bootstrap_file")"
export Kafka__ReplicationFactor=3
# The embedded broker does not keep a retried produce request in order, and holds an empty fetch for the whole wait.
export Kafka__ProduceMaxInFlight=1
export Kafka__FetchWaitMaxMs=10
# When a member joins a group that already has members, the embedded broker completes the rebalance only after the
# session timeout less a second, however soon the others rejoin (a real broker goes on once they have): with 6 s
# (Kafka's smallest default group.min.session.timeout.ms) the second orchestrator waits 5 s for its partitions, not 9.
export Kafka__SessionTimeout="${Kafka__SessionTimeout:-00:00:06}"
export Persistence__Provider=PostgreSql
export Persistence__ConnectionString="$postgres"
export Persistence__ApplySchemaOnStartup=false
echo "== Kafka at $Kafka__BootstrapServers"

echo "== migrate"
dotnet "$bin/Sagas.Orchestrator.Host.dll" migrate
dotnet "$bin/Sagas.Workers.Host.dll" migrate

start_host() {
  local name="$1" dll="$2" port="$3"
  shift 3
  Urls="http://127.0.0.1:$port" "$@" dotnet "$bin/$dll" > "$dir/logs/$name.log" 2>&1 &
  children+=($!)
  # env execs dotnet, so this is the host's own process id: for signals by hand (kill -STOP "$(cat "$dir/workers.pid")").
  echo "$!" > "$dir/$name.pid"
  echo "== $name on http://127.0.0.1:$port (ready: curl http://127.0.0.1:$port/health/ready)"
}

IFS=, read -r first_port second_port <<< "$orchestrator_ports"
start_host orchestrator-1 Sagas.Orchestrator.Host.dll "$first_port" env Outbox__RelayId=orchestrator-1
start_host orchestrator-2 Sagas.Orchestrator.Host.dll "$second_port" env Outbox__RelayId=orchestrator-2
# The ledger's and the inventory's endpoints are served by the worker host, which runs those services here.
start_host gateway Sagas.Gateway.dll "$gateway_port" env \
  Gateway__Services__orchestrator__0="http://127.0.0.1:$first_port" Gateway__Services__orchestrator__1="http://127.0.0.1:$second_port" \
  Gateway__Services__ledger__0="http://127.0.0.1:$worker_port" Gateway__Services__inventory__0="http://127.0.0.1:$worker_port"
if [ "$workers_delay" != "0" ]; then
  # Sleeps in the background, so a SIGTERM meanwhile stops everything at once rather than after the sleep.
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "http://127.0.0.1:$first_port/health/ready" && curl -fs -o /dev/null "http://127.0.0.1:$second_port/health/ready" && break
    sleep 0.5 & wait $!
  done
  echo "== both orchestrators are ready; the worker host starts in $workers_delay s"
  sleep "$workers_delay" &
  wait $!
fi
start_host workers Sagas.Workers.Host.dll "$worker_port" env Workers__Roles=debit,credit,fraud,notify,inventory,shipping

echo "== running; Ctrl+C stops every process"
wait -n || true
echo "a process ended; stopping the rest (see $dir/logs)" >&2
exit 1
