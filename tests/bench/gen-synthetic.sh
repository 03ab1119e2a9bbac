#!/bin/sh
# gen-synthetic.sh N DIR: write a kustomization with N objects into DIR
# (ConfigMaps, Deployments that reference them, Services, ServiceAccounts,
# spread over 10 files) using namespace, namePrefix, labels with
# selectors, images and a targeted patch, so that every stage of the
# build has work proportional to N.
set -eu
n=$1
dir=$2
mkdir -p "$dir"
per=$((n / 4))
awk -v per="$per" -v dir="$dir" 'BEGIN {
	for (i = 0; i < per; i++) {
		f = sprintf("%s/r%d.yaml", dir, i % 10)
		printf "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%d\ndata:\n  key: value-%d\n  other: \"0755\"\n---\n", i, i >> f
		printf "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-%d\n  labels:\n    app: app-%d\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: app-%d\n  template:\n    metadata:\n      labels:\n        app: app-%d\n    spec:\n      serviceAccountName: sa-%d\n      containers:\n      - name: main\n        image: nginx:1.0\n        envFrom:\n        - configMapRef:\n            name: cm-%d\n        ports:\n        - containerPort: 8080\n---\n", i, i, i, i, i, i >> f
		printf "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-%d\nspec:\n  selector:\n    app: app-%d\n  ports:\n  - port: 80\n    targetPort: 8080\n---\n", i, i >> f
		printf "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-%d\n---\n", i >> f
	}
}'
{
	echo "apiVersion: kustomize.config.k8s.io/v1beta1"
	echo "kind: Kustomization"
	echo "namespace: bench"
	echo "namePrefix: b-"
	echo "labels:"
	echo "- pairs:"
	echo "    team: bench"
	echo "  includeSelectors: true"
	echo "images:"
	echo "- name: nginx"
	echo "  newTag: \"1.25\""
	echo "patches:"
	echo "- target:"
	echo "    kind: Deployment"
	echo "    name: app-1.*"
	echo "  patch: |-"
	echo "    - op: replace"
	echo "      path: /spec/replicas"
	echo "      value: 2"
	echo "resources:"
	i=0
	while [ $i -lt 10 ]; do
		[ -s "$dir/r$i.yaml" ] && echo "- r$i.yaml"
		i=$((i + 1))
	done
} >"$dir/kustomization.yaml"
