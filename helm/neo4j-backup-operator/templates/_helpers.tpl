{{/* The chart name, or nameOverride. */}}
{{- define "neo4j-backup-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name of the release's objects: fullnameOverride, or RELEASE-NAME, or RELEASE when it
already contains the name. At most 63 characters (a label value and a DNS label).
*/}}
{{- define "neo4j-backup-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := include "neo4j-backup-operator.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels that select the operator's pod; they never change across upgrades. */}}
{{- define "neo4j-backup-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "neo4j-backup-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every object of the release. */}}
{{- define "neo4j-backup-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "neo4j-backup-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: neo4j-backup
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The operator's ServiceAccount. */}}
{{- define "neo4j-backup-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "neo4j-backup-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* An image reference from {repository, tag, digest}: the digest wins, the tag defaults to appVersion. */}}
{{- define "neo4j-backup-operator.imageRef" -}}
{{- $image := index . 0 }}
{{- $appVersion := index . 1 }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (default $appVersion $image.tag) }}
{{- end }}
{{- end }}

{{- define "neo4j-backup-operator.image" -}}
{{- include "neo4j-backup-operator.imageRef" (list .Values.image .Chart.AppVersion) }}
{{- end }}

{{- define "neo4j-backup-operator.engineImage" -}}
{{- include "neo4j-backup-operator.imageRef" (list .Values.engine.image .Chart.AppVersion) }}
{{- end }}

{{/*
What the operator may do, and nothing more: run backups from Neo4jBackup and Neo4jBackupSchedule
resources, as Jobs whose pods it reads for the engine's result, check that a backup's target
PersistentVolumeClaim exists (get, never list: it does not browse claims), and report with events. The
finalizers subresource lets it set blockOwnerDeletion on the objects it owns where the
OwnerReferencesPermissionEnforcement admission plugin is on.
*/}}
{{- define "neo4j-backup-operator.rules" -}}
- apiGroups: [neo4jbackup.io]
  resources: [neo4jbackups, neo4jbackupschedules, neo4jrestores]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [neo4jbackup.io]
  resources: [neo4jbackups/status, neo4jbackupschedules/status, neo4jrestores/status]
  verbs: [get, update, patch]
- apiGroups: [neo4jbackup.io]
  resources: [neo4jbackups/finalizers, neo4jbackupschedules/finalizers, neo4jrestores/finalizers]
  verbs: [update]
- apiGroups: [apps]
  resources: [statefulsets]
  verbs: [get, list, watch, patch, update]
- apiGroups: [apps]
  resources: [statefulsets/scale]
  verbs: [get, patch, update]
- apiGroups: [batch]
  resources: [jobs]
  verbs: [get, list, watch, create, delete]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
{{- end }}

{{/*
Labels on the CRDs ("crds") and the test pod ("test"): the release's labels with that component,
every value quoted so that the CRDs stay YAML 1.1-safe (see templates/crds.yaml). The test pod goes
without app.kubernetes.io/name: with it, it would carry the operator's selector labels, and the
metrics Service it tests would select it.
*/}}
{{- define "neo4j-backup-operator.partLabels" -}}
{{- $context := index . 0 }}
{{- $component := index . 1 -}}
helm.sh/chart: {{ printf "%s-%s" $context.Chart.Name $context.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" | quote }}
{{- if ne $component "test" }}
app.kubernetes.io/name: {{ include "neo4j-backup-operator.name" $context | quote }}
{{- end }}
app.kubernetes.io/instance: {{ $context.Release.Name | quote }}
app.kubernetes.io/version: {{ $context.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ $component | quote }}
app.kubernetes.io/part-of: "neo4j-backup"
app.kubernetes.io/managed-by: {{ $context.Release.Service | quote }}
{{- end }}

{{/*
A generated CRD without its x-kubernetes-validations (CEL) rules: the lines of each such key and of
everything indented under it, or listed at its indentation. For Kubernetes before 1.23, whose
OpenAPI schema lacks the field, so that Helm's validation refuses the CRD, and whose API server
drops the rules anyway.
*/}}
{{- define "neo4j-backup-operator.withoutCelRules" -}}
{{- $skip := -1 }}
{{- $kept := list }}
{{- range $line := splitList "\n" . }}
{{- $indent := len (regexFind "^ *" $line) }}
{{- $text := substr $indent (len $line) $line }}
{{- if and (ge $skip 0) (or (gt $indent $skip) (and (eq $indent $skip) (hasPrefix "- " $text))) }}
{{- else if eq $text "x-kubernetes-validations:" }}
{{- $skip = $indent }}
{{- else }}
{{- $skip = -1 }}
{{- $kept = append $kept $line }}
{{- end }}
{{- end }}
{{- $result := join "\n" $kept }}
{{- if contains "x-kubernetes-validations" $result }}
{{- fail "a CRD has x-kubernetes-validations in a form the chart cannot leave out for Kubernetes before 1.23" }}
{{- end }}
{{- $result }}
{{- end }}
