/*
 * fieldspec: default field specs and the path walker.  See fieldspec.h.
 *
 * The tables are kustomize v5.5.0's built-in configuration (read from
 * the kubectl 1.32 binary and checked against `kubectl kustomize`).
 */
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../doc/yaml.h"
#include "fieldspec.h"

#define ANY NULL

const struct fieldspec fs_common_labels[] = {
	{ ANY, "v1", "Service", "spec/selector", 1 },
	{ ANY, "v1", "ReplicationController", "spec/selector", 1 },
	{ ANY, ANY, "Deployment", "spec/selector/matchLabels", 1 },
	{ "apps", ANY, "Deployment", "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", 0 },
	{ "apps", ANY, "Deployment", "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", 0 },
	{ "apps", ANY, "Deployment", "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", 0 },
	{ "apps", ANY, "Deployment", "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", 0 },
	{ "apps", ANY, "Deployment", "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels", 0 },
	{ ANY, ANY, "ReplicaSet", "spec/selector/matchLabels", 1 },
	{ ANY, ANY, "DaemonSet", "spec/selector/matchLabels", 1 },
	{ "apps", ANY, "StatefulSet", "spec/selector/matchLabels", 1 },
	{ "apps", ANY, "StatefulSet", "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", 0 },
	{ "apps", ANY, "StatefulSet", "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", 0 },
	{ "apps", ANY, "StatefulSet", "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", 0 },
	{ "apps", ANY, "StatefulSet", "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", 0 },
	{ "apps", ANY, "StatefulSet", "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels", 0 },
	{ "batch", ANY, "Job", "spec/selector/matchLabels", 0 },
	{ "batch", ANY, "CronJob", "spec/jobTemplate/spec/selector/matchLabels", 0 },
	{ "policy", ANY, "PodDisruptionBudget", "spec/selector/matchLabels", 0 },
	{ "networking.k8s.io", ANY, "NetworkPolicy", "spec/podSelector/matchLabels", 0 },
	{ "networking.k8s.io", ANY, "NetworkPolicy", "spec/ingress/from/podSelector/matchLabels", 0 },
	{ "networking.k8s.io", ANY, "NetworkPolicy", "spec/egress/to/podSelector/matchLabels", 0 },
	{ ANY, ANY, ANY, "metadata/labels", 1 },
	{ ANY, "v1", "ReplicationController", "spec/template/metadata/labels", 1 },
	{ ANY, ANY, "Deployment", "spec/template/metadata/labels", 1 },
	{ ANY, ANY, "ReplicaSet", "spec/template/metadata/labels", 1 },
	{ ANY, ANY, "DaemonSet", "spec/template/metadata/labels", 1 },
	{ "apps", ANY, "StatefulSet", "spec/template/metadata/labels", 1 },
	{ "apps", ANY, "StatefulSet", "spec/volumeClaimTemplates[]/metadata/labels", 1 },
	{ "batch", ANY, "Job", "spec/template/metadata/labels", 1 },
	{ "batch", ANY, "CronJob", "spec/jobTemplate/metadata/labels", 1 },
	{ "batch", ANY, "CronJob", "spec/jobTemplate/spec/template/metadata/labels", 1 },
	{ NULL, NULL, NULL, NULL, 0 },
};

const struct fieldspec fs_template_labels[] = {
	{ ANY, ANY, ANY, "metadata/labels", 1 },
	{ ANY, "v1", "ReplicationController", "spec/template/metadata/labels", 1 },
	{ ANY, ANY, "Deployment", "spec/template/metadata/labels", 1 },
	{ ANY, ANY, "ReplicaSet", "spec/template/metadata/labels", 1 },
	{ ANY, ANY, "DaemonSet", "spec/template/metadata/labels", 1 },
	{ "apps", ANY, "StatefulSet", "spec/template/metadata/labels", 1 },
	{ "apps", ANY, "StatefulSet", "spec/volumeClaimTemplates[]/metadata/labels", 1 },
	{ "batch", ANY, "Job", "spec/template/metadata/labels", 1 },
	{ "batch", ANY, "CronJob", "spec/jobTemplate/metadata/labels", 1 },
	{ "batch", ANY, "CronJob", "spec/jobTemplate/spec/template/metadata/labels", 1 },
	{ NULL, NULL, NULL, NULL, 0 },
};

const struct fieldspec fs_common_annotations[] = {
	{ ANY, ANY, ANY, "metadata/annotations", 1 },
	{ ANY, "v1", "ReplicationController", "spec/template/metadata/annotations", 1 },
	{ ANY, ANY, "Deployment", "spec/template/metadata/annotations", 1 },
	{ ANY, ANY, "ReplicaSet", "spec/template/metadata/annotations", 1 },
	{ ANY, ANY, "DaemonSet", "spec/template/metadata/annotations", 1 },
	{ ANY, ANY, "StatefulSet", "spec/template/metadata/annotations", 1 },
	{ "batch", ANY, "Job", "spec/template/metadata/annotations", 1 },
	{ "batch", ANY, "CronJob", "spec/jobTemplate/metadata/annotations", 1 },
	{ "batch", ANY, "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", 1 },
	{ NULL, NULL, NULL, NULL, 0 },
};

const struct fieldspec fs_namespace[] = {
	{ ANY, ANY, "Namespace", "metadata/name", 1 },
	{ "apiregistration.k8s.io", ANY, "APIService", "spec/service/namespace", 1 },
	{ "apiextensions.k8s.io", ANY, "CustomResourceDefinition", "spec/conversion/webhook/clientConfig/service/namespace", 0 },
	{ NULL, NULL, NULL, NULL, 0 },
};

const struct fieldspec fs_images[] = {
	{ ANY, ANY, ANY, "spec/containers[]/image", 1 },
	{ ANY, ANY, ANY, "spec/initContainers[]/image", 1 },
	{ ANY, ANY, ANY, "spec/template/spec/containers[]/image", 1 },
	{ ANY, ANY, ANY, "spec/template/spec/initContainers[]/image", 1 },
	{ NULL, NULL, NULL, NULL, 0 },
};

/* kustomize orders these by kind rank before use; so do we */
const struct fieldspec fs_replicas[] = {
	{ ANY, ANY, "Deployment", "spec/replicas", 1 },
	{ ANY, ANY, "StatefulSet", "spec/replicas", 1 },
	{ ANY, ANY, "ReplicaSet", "spec/replicas", 1 },
	{ ANY, ANY, "ReplicationController", "spec/replicas", 1 },
	{ NULL, NULL, NULL, NULL, 0 },
};

const struct nameref_rule fs_name_references[] = {
	{ "Deployment", NULL, NULL, { NULL, NULL, "HorizontalPodAutoscaler", "spec/scaleTargetRef/name", 0 } },
	{ "ReplicationController", NULL, NULL, { NULL, NULL, "HorizontalPodAutoscaler", "spec/scaleTargetRef/name", 0 } },
	{ "ReplicaSet", NULL, NULL, { NULL, NULL, "HorizontalPodAutoscaler", "spec/scaleTargetRef/name", 0 } },
	{ "StatefulSet", NULL, NULL, { NULL, NULL, "HorizontalPodAutoscaler", "spec/scaleTargetRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, "v1", "Pod", "spec/volumes/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, "v1", "Pod", "spec/containers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, "v1", "Pod", "spec/initContainers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, "v1", "Pod", "spec/containers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, "v1", "Pod", "spec/initContainers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, "v1", "Pod", "spec/volumes/projected/sources/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/volumes/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/containers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/initContainers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/containers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/initContainers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/volumes/projected/sources/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/volumes/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/containers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/initContainers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/volumes/projected/sources/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/volumes/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/containers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/initContainers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/volumes/projected/sources/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/volumes/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/containers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/initContainers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/volumes/projected/sources/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/volumes/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/containers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/initContainers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/volumes/projected/sources/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/volumes/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/containers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/initContainers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/volumes/projected/sources/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/volumes/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/volumes/projected/sources/configMap/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/containers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/containers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/initContainers/envFrom/configMapRef/name", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Node", "spec/configSource/configMap", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Role", "rules/resourceNames", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "ClusterRole", "rules/resourceNames", 0 } },
	{ "ConfigMap", NULL, "v1", { NULL, NULL, "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap", 0 } },
	{ "Secret", NULL, "v1", { NULL, "v1", "Pod", "spec/volumes/secret/secretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, "v1", "Pod", "spec/containers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, "v1", "Pod", "spec/initContainers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, "v1", "Pod", "spec/containers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, "v1", "Pod", "spec/initContainers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, "v1", "Pod", "spec/imagePullSecrets/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, "v1", "Pod", "spec/volumes/projected/sources/secret/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/volumes/secret/secretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/containers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/initContainers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/containers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/initContainers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/imagePullSecrets/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "PodTemplate", "template/spec/volumes/projected/sources/secret/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/volumes/secret/secretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/containers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/containers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/initContainers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/imagePullSecrets/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/volumes/projected/sources/secret/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/volumes/secret/secretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/containers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/containers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/initContainers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/imagePullSecrets/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "ReplicaSet", "spec/template/spec/volumes/projected/sources/secret/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/volumes/secret/secretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/containers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/containers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/initContainers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/imagePullSecrets/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/volumes/projected/sources/secret/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/volumes/secret/secretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/containers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/containers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/initContainers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/imagePullSecrets/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/volumes/projected/sources/secret/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/volumes/secret/secretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/containers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/containers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/initContainers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/imagePullSecrets/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/volumes/projected/sources/secret/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/volumes/secret/secretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/volumes/projected/sources/secret/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/containers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/containers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/initContainers/envFrom/secretRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/imagePullSecrets/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Ingress", "spec/tls/secretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Ingress", "metadata/annotations/ingress.kubernetes.io\\/auth-secret", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Ingress", "spec/tls/secretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "ServiceAccount", "imagePullSecrets/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "StorageClass", "parameters/secretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "StorageClass", "parameters/adminSecretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "StorageClass", "parameters/userSecretName", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "StorageClass", "parameters/secretRef", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "Role", "rules/resourceNames", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "ClusterRole", "rules/resourceNames", 0 } },
	{ "Secret", NULL, "v1", { "serving.knative.dev", "v1", "Service", "spec/template/spec/containers/env/valueFrom/secretKeyRef/name", 0 } },
	{ "Secret", NULL, "v1", { NULL, NULL, "PersistentVolume", "spec/azureFile/secretName", 0 } },
	{ "Service", NULL, "v1", { "apps", NULL, "StatefulSet", "spec/serviceName", 0 } },
	{ "Service", NULL, "v1", { NULL, NULL, "Ingress", "spec/rules/http/paths/backend/serviceName", 0 } },
	{ "Service", NULL, "v1", { NULL, NULL, "Ingress", "spec/backend/serviceName", 0 } },
	{ "Service", NULL, "v1", { NULL, NULL, "Ingress", "spec/rules/http/paths/backend/service/name", 0 } },
	{ "Service", NULL, "v1", { NULL, NULL, "Ingress", "spec/defaultBackend/service/name", 0 } },
	{ "Service", NULL, "v1", { "apiregistration.k8s.io", NULL, "APIService", "spec/service/name", 0 } },
	{ "Service", NULL, "v1", { "admissionregistration.k8s.io", NULL, "ValidatingWebhookConfiguration", "webhooks/clientConfig/service", 0 } },
	{ "Service", NULL, "v1", { "admissionregistration.k8s.io", NULL, "MutatingWebhookConfiguration", "webhooks/clientConfig/service", 0 } },
	{ "Role", "rbac.authorization.k8s.io", NULL, { "rbac.authorization.k8s.io", NULL, "RoleBinding", "roleRef/name", 0 } },
	{ "ClusterRole", "rbac.authorization.k8s.io", NULL, { "rbac.authorization.k8s.io", NULL, "RoleBinding", "roleRef/name", 0 } },
	{ "ClusterRole", "rbac.authorization.k8s.io", NULL, { "rbac.authorization.k8s.io", NULL, "ClusterRoleBinding", "roleRef/name", 0 } },
	{ "ServiceAccount", NULL, "v1", { "rbac.authorization.k8s.io", NULL, "RoleBinding", "subjects", 0 } },
	{ "ServiceAccount", NULL, "v1", { "rbac.authorization.k8s.io", NULL, "ClusterRoleBinding", "subjects", 0 } },
	{ "ServiceAccount", NULL, "v1", { NULL, NULL, "Pod", "spec/serviceAccountName", 0 } },
	{ "ServiceAccount", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/serviceAccountName", 0 } },
	{ "ServiceAccount", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/serviceAccountName", 0 } },
	{ "ServiceAccount", NULL, "v1", { NULL, NULL, "ReplicationController", "spec/template/spec/serviceAccountName", 0 } },
	{ "ServiceAccount", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/serviceAccountName", 0 } },
	{ "ServiceAccount", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/serviceAccountName", 0 } },
	{ "ServiceAccount", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/serviceAccountName", 0 } },
	{ "PersistentVolumeClaim", NULL, "v1", { NULL, NULL, "Pod", "spec/volumes/persistentVolumeClaim/claimName", 0 } },
	{ "PersistentVolumeClaim", NULL, "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/volumes/persistentVolumeClaim/claimName", 0 } },
	{ "PersistentVolumeClaim", NULL, "v1", { NULL, NULL, "Deployment", "spec/template/spec/volumes/persistentVolumeClaim/claimName", 0 } },
	{ "PersistentVolumeClaim", NULL, "v1", { NULL, NULL, "ReplicationController", "spec/template/spec/volumes/persistentVolumeClaim/claimName", 0 } },
	{ "PersistentVolumeClaim", NULL, "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/volumes/persistentVolumeClaim/claimName", 0 } },
	{ "PersistentVolumeClaim", NULL, "v1", { NULL, NULL, "Job", "spec/template/spec/volumes/persistentVolumeClaim/claimName", 0 } },
	{ "PersistentVolumeClaim", NULL, "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/volumes/persistentVolumeClaim/claimName", 0 } },
	{ "PersistentVolume", NULL, "v1", { NULL, NULL, "PersistentVolumeClaim", "spec/volumeName", 0 } },
	{ "PersistentVolume", NULL, "v1", { NULL, NULL, "ClusterRole", "rules/resourceNames", 0 } },
	{ "StorageClass", "storage.k8s.io", "v1", { NULL, NULL, "PersistentVolume", "spec/storageClassName", 0 } },
	{ "StorageClass", "storage.k8s.io", "v1", { NULL, NULL, "PersistentVolumeClaim", "spec/storageClassName", 0 } },
	{ "StorageClass", "storage.k8s.io", "v1", { NULL, NULL, "StatefulSet", "spec/volumeClaimTemplates/spec/storageClassName", 0 } },
	{ "PriorityClass", "scheduling.k8s.io", "v1", { NULL, NULL, "Pod", "spec/priorityClassName", 0 } },
	{ "PriorityClass", "scheduling.k8s.io", "v1", { NULL, NULL, "StatefulSet", "spec/template/spec/priorityClassName", 0 } },
	{ "PriorityClass", "scheduling.k8s.io", "v1", { NULL, NULL, "Deployment", "spec/template/spec/priorityClassName", 0 } },
	{ "PriorityClass", "scheduling.k8s.io", "v1", { NULL, NULL, "ReplicationController", "spec/template/spec/priorityClassName", 0 } },
	{ "PriorityClass", "scheduling.k8s.io", "v1", { NULL, NULL, "CronJob", "spec/jobTemplate/spec/template/spec/priorityClassName", 0 } },
	{ "PriorityClass", "scheduling.k8s.io", "v1", { NULL, NULL, "Job", "spec/template/spec/priorityClassName", 0 } },
	{ "PriorityClass", "scheduling.k8s.io", "v1", { NULL, NULL, "DaemonSet", "spec/template/spec/priorityClassName", 0 } },
	{ "IngressClass", "networking.k8s.io/v1", "v1", { NULL, NULL, "Ingress", "spec/ingressClassName", 0 } },
	{ "ValidatingAdmissionPolicy", "admissionregistration.k8s.io", NULL, { "admissionregistration.k8s.io", NULL, "ValidatingAdmissionPolicyBinding", "spec/policyName", 0 } },
	{ NULL, NULL, NULL, { NULL, NULL, NULL, NULL, 0 } },
};

static int empty(const char *s)
{
	return !s || !*s;
}

int fs_gvk_match(const struct fieldspec *fs, const struct resid *id)
{
	return (empty(fs->kind) || !strcmp(fs->kind, id->kind)) &&
	       (empty(fs->group) || !strcmp(fs->group, id->group)) &&
	       (empty(fs->version) || !strcmp(fs->version, id->version));
}

const char *fs_describe_kind(const json_t *v)
{
	return doc_kind_name(v);
}

struct walk {
	const struct fieldspec *fs;
	enum fs_create_kind create_kind;
	fs_leaf_fn leaf;
	void *ctx;
};

/*
 * next_part: copy the path component at p (unescaping "\/") into key,
 * note a trailing "[]", and return where the next component starts, or
 * NULL after the last one.
 */
static const char *next_part(const char *p, struct buf *key, int *is_seq)
{
	buf_reset(key);
	for (; *p && *p != '/'; p++) {
		if (*p == '\\' && p[1] == '/') {
			buf_addc(key, '/');
			p++;
			continue;
		}
		buf_addc(key, *p);
	}
	*is_seq = key->len >= 2 && !strcmp(key->ptr + key->len - 2, "[]");
	if (*is_seq)
		buf_setlen(key, key->len - 2);
	return *p == '/' ? p + 1 : NULL;
}

static int walk_node(struct walk *w, json_t *parent, const char *key,
		     json_t *node, const char *rest);

static int walk_map(struct walk *w, json_t *node, const char *path)
{
	struct buf name = BUF_INIT;
	int is_seq, err;
	const char *rest = next_part(path, &name, &is_seq);
	json_t *child;
	enum fs_create_kind kind = FS_CREATE_NONE;
	int seq_kind = 0;

	if (!name.len) {
		buf_release(&name);
		return err_set(ERR_INVALID, "cannot set or create an empty field name");
	}
	child = json_object_get(node, name.ptr);
	if (!w->fs->create || w->create_kind == FS_CREATE_NONE || is_seq) {
		seq_kind = is_seq;
	} else {
		kind = !rest ? w->create_kind : FS_CREATE_MAP;
		if (!child) {
			child = kind == FS_CREATE_MAP ? json_object() : json_string("");
			json_object_set_new(node, name.ptr, child);
		}
	}
	if (!child) {
		buf_release(&name);
		return 0;
	}
	if (json_is_null(child) && (kind != FS_CREATE_NONE || seq_kind)) {
		child = seq_kind ? json_array()
		      : kind == FS_CREATE_MAP ? json_object() : json_string("");
		json_object_set_new(node, name.ptr, child);
	}
	err = walk_node(w, node, name.ptr, child, rest);
	buf_release(&name);
	return err;
}

/* rest: the path still to walk, NULL when node is the leaf */
static int walk_node(struct walk *w, json_t *parent, const char *key,
		     json_t *node, const char *rest)
{
	size_t i;

	if (!rest)
		return w->leaf(parent, key, node, w->ctx);
	if (!node || json_is_null(node))
		return 0;
	if (json_is_array(node)) {
		for (i = 0; i < json_array_size(node); i++) {
			json_t *e = json_array_get(node, i);
			int err;

			if (json_is_object(e)) {
				err = walk_map(w, e, rest);
			} else if (json_is_array(e)) {
				err = walk_node(w, parent, key, e, rest);
			} else if (json_is_null(e)) {
				err = 0;
			} else {
				err = err_set(ERR_INVALID,
					      "expected a list or a mapping, found %s",
					      fs_describe_kind(e));
			}
			if (err < 0)
				return err;
		}
		return 0;
	}
	if (json_is_object(node))
		return walk_map(w, node, rest);
	return err_set(ERR_INVALID, "expected a list or a mapping, found %s",
		       fs_describe_kind(node));
}

int fs_apply(json_t *obj, const struct fieldspec *fs,
	     enum fs_create_kind create_kind, fs_leaf_fn leaf, void *ctx)
{
	struct walk w;
	int err;

	w.fs = fs;
	w.create_kind = create_kind;
	w.leaf = leaf;
	w.ctx = ctx;
	err = walk_map(&w, obj, fs->path);
	if (err < 0) {
		struct resid id;
		struct buf label = BUF_INIT;

		resid_from_obj(&id, obj);
		resid_format(&label, &id);
		err_prefix("considering field '%s' of object %s: ", fs->path,
			   label.ptr);
		buf_release(&label);
		resid_release(&id);
	}
	return err;
}
