# SPDX-License-Identifier: MIT
# The iptables-nft commands behind xt.tsv and tests/netns/xt_matches.sh: one a line,
# the arguments after `iptables` (the table's chains are iptables-nft's own).
# Docker, netavark, CNI and kube-proxy write these matches.
-t nat -N DOCKER
-t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-t nat -A POSTROUTING -m addrtype --src-type LOCAL -j MASQUERADE
-A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT
-A OUTPUT -m addrtype --dst-type LOCAL,UNICAST --limit-iface-out -j ACCEPT
-A INPUT -m addrtype ! --src-type BROADCAST,MULTICAST -j ACCEPT
-A INPUT -m addrtype --src-type UNSPEC,BLACKHOLE,UNREACHABLE,PROHIBIT,ANYCAST -j ACCEPT
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -m conntrack ! --ctstate INVALID -j ACCEPT
-A FORWARD -m conntrack --ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED -j ACCEPT
-A FORWARD -m conntrack --ctstate DNAT -j ACCEPT
-A FORWARD -m conntrack --ctstatus EXPECTED,CONFIRMED -j ACCEPT
-A FORWARD -m conntrack ! --ctstatus ASSURED,SEEN_REPLY -j ACCEPT
-A FORWARD -m conntrack --ctorigdst 10.0.0.0/8 -j ACCEPT
-A FORWARD -m conntrack ! --ctorigdst 1.2.3.4 ! --ctorigsrcport 5 -j ACCEPT
-A FORWARD -m conntrack --ctstate ESTABLISHED --ctexpire 10:20 --ctorigsrcport 1000:2000 -j ACCEPT
-A FORWARD -m conntrack --ctproto tcp --ctreplsrc 192.168.0.0/16 --ctrepldstport 53 --ctdir REPLY -j ACCEPT
-A FORWARD -m state --state NEW -j ACCEPT
-t nat -A PREROUTING -m statistic --mode random --probability 0.50000000000 -j ACCEPT
-t nat -A PREROUTING -m statistic --mode random --probability 0.33333333349 -j ACCEPT
-t nat -A PREROUTING -m statistic --mode random ! --probability 0.25 -j ACCEPT
-t nat -A PREROUTING -m statistic --mode nth --every 3 --packet 0 -j ACCEPT
-t nat -A PREROUTING -m statistic --mode nth ! --every 5 --packet 2 -j ACCEPT
-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT
-A FORWARD -m physdev --physdev-in veth0 -j ACCEPT
-A FORWARD -m physdev --physdev-out veth1 --physdev-is-bridged -j ACCEPT
-A FORWARD -m physdev ! --physdev-is-in -j ACCEPT
-A FORWARD -m physdev --physdev-in veth+ ! --physdev-is-out -j DROP
-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 8080 -j ACCEPT
-A INPUT -p udp -m multiport --sports 1000:2000,53 -j ACCEPT
-A INPUT -p tcp -m multiport ! --dports 22,23 -j ACCEPT
-A INPUT -p tcp -m multiport --ports 80,443 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 80:90 -j ACCEPT
-A INPUT -m comment --comment "hello" -j ACCEPT
