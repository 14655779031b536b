#!/bin/bash
# SPDX-License-Identifier: MIT
# Owner marking (issue: security 1): a namespace an unprivileged user made
# with `unshare -rn` carries owner_uid 65534 and userns = its user namespace's
# inode in --json; root's namespaces (own, named) owner_uid 0 and userns null.
set -u
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
command -v setpriv >/dev/null || { echo "SKIP: setpriv (util-linux) is not installed" >&2; exit 77; }

ip netns add rootns
setpriv --reuid=65534 --regid=65534 --clear-groups unshare -rn sleep 300 &
HOLDER=$! # setpriv and unshare exec: this is the sleeping process
trap 'kill $HOLDER 2>/dev/null' EXIT
for _ in $(seq 50); do
	[[ $(readlink "/proc/$HOLDER/ns/user") != "$(readlink /proc/self/ns/user)" ]] && break
	sleep 0.1
done
userns=$(stat -L -c %i "/proc/$HOLDER/ns/user")
netns=$(stat -L -c %i "/proc/$HOLDER/ns/net")
[[ $userns != "$(stat -L -c %i /proc/self/ns/user)" ]] || fail "the holder has no user namespace of its own"

jq_eq ".namespaces[] | select(.inode == $netns) | .owner_uid" 65534
jq_eq ".namespaces[] | select(.inode == $netns) | .userns" "$userns"
jq_eq ".namespaces[] | select(.inode == $netns) | .kind" process
jq_eq '.namespaces[] | select(.name == "/") | [.owner_uid, .userns]' '[0,null]'
jq_eq '.namespaces[] | select(.name == "rootns") | [.owner_uid, .userns]' '[0,null]'
jq_eq '[.namespaces[] | select(.userns != null)] | length' 1
jq_eq '[.namespaces[] | .stale] | any' false
