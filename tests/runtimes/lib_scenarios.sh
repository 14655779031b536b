# SPDX-License-Identifier: MIT
# The scenarios with names, shared by the tests, the engine fixtures and the Docker
# screenshots: what a person runs, with the real CLIs. Sourced by lib.sh.

# rt_docker_scenario: web1 (httpd, -p 8080:80) and db1 on docker0; app1 on the user
# network appnet and side sharing app1's namespace; lonely with --network none;
# emptynet, a user network with no container.
rt_docker_scenario()
{
	docker network create appnet >/dev/null
	docker network create emptynet >/dev/null
	docker run -d --name web1 -p 8080:80 bb httpd -f -p 80 -h /www >/dev/null
	docker run -d --name db1 bb sleep 2147483647 >/dev/null
	docker run -d --name app1 --network appnet bb httpd -f -p 80 -h /www >/dev/null
	docker run -d --name side --network container:app1 bb sleep 2147483647 >/dev/null
	docker run -d --name lonely --network none bb sleep 2147483647 >/dev/null
	phase "docker scenario"
}

# rt_podman_scenario: the netavark network podnet; pod pod1 (infra + pod1-web httpd +
# pod1-side; -p 8081:80 to pod1-web's httpd); standalone pstand on podnet.
rt_podman_scenario()
{
	podman network create podnet >/dev/null
	podman pod create --name pod1 --network podnet -p 8081:80 >/dev/null
	podman run -d --pod pod1 --name pod1-web localhost/bb httpd -f -p 80 -h /www >/dev/null
	podman run -d --pod pod1 --name pod1-side localhost/bb sleep 2147483647 >/dev/null
	podman run -d --name pstand --network podnet localhost/bb sleep 2147483647 >/dev/null
	phase "podman scenario"
}

# rt_cni_scenario: default/nginx-7d9f (cgroupfs driver, hostPort 30080) and
# kube-system/coredns-5d78 (systemd driver, hostPort 30053); RT_CNI_A / RT_CNI_B
# hold "netns sandbox-id container-id pod-uid ip" of each.
rt_cni_scenario()
{
	rt_cni_pod default nginx-7d9f cgroupfs 30080
	RT_CNI_A=$RT_CNI_LAST
	rt_cni_pod kube-system coredns-5d78 systemd 30053
	RT_CNI_B=$RT_CNI_LAST
	phase "cni scenario"
}
