#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The TUI on a Docker host (issue 12): the real nstop in tmux (120x40) over the Docker
# scenario. The tree names each veth's peer by its container (veth… ⇄ web1:eth0, the
# joined pair as app1+side) and the user network's bridge by its name; the graph's box
# titles are the display names; no peer or DNAT target is named by its mount path.
. "$(dirname "$0")/lib.sh"
. "$RT_LIB_DIR/lib_checks.sh"
. "$RT_LIB_DIR/../ui/lib.sh"
# shellcheck disable=SC2154 # assigned in the trap
trap 'rt_tui_rc=$?; tmux kill-server >/dev/null 2>&1 || true; rt_finish "$rt_tui_rc"' EXIT
rt_start_docker
rt_docker_scenario
oracle=$(oracle_docker)

tmux -u -f /dev/null new-session -d -s t -x 120 -y 40 "$NSTOP; echo \$? >$UI_RC; sleep 600"
wait_screen 'namespace' 5
phase "nstop started"

# the tree: every container namespace with a veth, as its host end's peer
for c in web1 db1 app1; do
	ino=$(rt_netns_inode "$(docker inspect -f '{{.State.Pid}}' "$c")")
	d=$(oracle_display "$oracle" "$ino")
	wait_screen "veth[0-9a-f]+ ⇄ ${d//+/\\+}:eth0" 5
	echo "ok: the tree shows veth… ⇄ $d:eth0"
done
wait_screen "br-[0-9a-f]{12} \\(appnet\\)" 3
echo "ok: the tree names appnet's bridge"
# the path stays on the namespace's row, beside its name; peers and DNAT targets use the name
if body | grep -qE '(⇄|→) /run/docker/netns/'; then
	screen >&2
	fail "the tree still names a peer or DNAT target by its Docker mount path"
fi

# the graph: one box per namespace titled by its display name
keys v
wait_screen '\[graph\]' 3
for d in web1 db1 app1+side lonely; do
	wait_screen "┌─.*${d//+/\\+}" 5
	echo "ok: a graph box is titled $d"
done
phase "screens"
quit_ui
