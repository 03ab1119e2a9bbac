#!/bin/sh
# quickstart.sh: the first command of README.md.  Installs what is
# missing (apt-get or Homebrew), builds argolab, and brings the Argo
# Workflows quick-start up on the embedded simulated cluster:
#   argolab up --sim     lays out the pinned upstream manifests (argolab
#                        fetch, verified by sha256), renders the default
#                        profile, starts the simulator, applies the profile
#                        server-side in dependency order and waits until
#                        argo-server, the workflow-controller, postgres and
#                        minio are healthy
#   argolab status --sim says so, component by component
# Without internet, the pins come through a local mirror: ../shared/upstream
# when it is there (ARGOLAB_MIRROR=../shared/upstream), or whatever
# ARGOLAB_MIRROR names; set ARGOLAB_MIRROR= (empty) to fetch from GitHub.
# The simulator keeps running so that you can look around (kubectl, argolab
# status); 'bin/argolab down --sim' removes the quick-start and
# 'bin/argolab sim stop' stops the simulator.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make
if [ -z "${ARGOLAB_MIRROR+set}" ] && [ -d ../shared/upstream ]; then
	ARGOLAB_MIRROR=../shared/upstream
	export ARGOLAB_MIRROR
fi
bin/argolab up --sim
echo
bin/argolab status --sim
echo
echo "the simulator keeps running:"
echo "  export KUBECONFIG=$(bin/argolab sim kubeconfig); kubectl get pods -n argo"
echo "  bin/argolab down --sim      # remove the quick-start"
echo "  bin/argolab sim stop        # stop the simulator"
