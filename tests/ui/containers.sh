#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Container names where people read them (issue 12), on a hand-built Docker host
# (tests/tools/ui_model.c, fixture_docker): the tree's rows by display name with
# the path kept, peers and DNAT targets by name, a bridge with its network; the
# details of a container's namespace (path, containers, published ports and the
# DNAT of each) and of a bridge; the / filter by container name.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_ui
wait_screen 'app1\+side'
golden containers-tree

# / web1 ... : the container's namespace by its display name
keys / web1 Enter
wait_screen 'filter: web1'
golden containers-filter
keys Escape
wait_gone 'filter: '

# the details of web1's namespace (started focused on it): path, containers, ports
quit_ui
start_ui /run/docker/netns/86420b3ab6fc
wait_screen 'app1\+side'
keys Enter
wait_screen 'published 0.0.0.0:8080/tcp -> 80 \(nat DOCKER handle 12\)'
golden containers-details
quit_ui

# a bridge's network, and a DNAT's target by name: / lo docker0 vethb7dc8c1 veth9 br-... NAT dnat
start_ui
wait_screen 'app1\+side'
keys g j j j j j Enter
wait_screen 'network appnet \(docker\)'
golden containers-bridge
keys Enter j j Enter
wait_screen 'forwards to web1:eth0 \(172.17.0.2:80\)'
golden containers-dnat
quit_ui
echo "PASS: containers"
