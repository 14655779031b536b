. "$(dirname "$0")/lib.sh"
rt_start_docker
rt_docker_scenario
$NSTOP --json > /work/wt/runtimes/build/rt/docker.json
$NSTOP --dump > /work/wt/runtimes/build/rt/docker.dump
$NSTOP --dot > /work/wt/runtimes/build/rt/docker.dot
docker inspect $(docker ps -aq) > /work/wt/runtimes/build/rt/inspect.json
timeout 3 $NSTOP --monitor --json > /work/wt/runtimes/build/rt/mon.json &
sleep 1; docker run -d --name late bb sleep 1000; sleep 1.5; docker rm -f late
wait
