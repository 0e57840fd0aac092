{{/* Names, labels, images and the environment of each workload: computed once, used by every template. */}}

{{- define "indefinite.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "indefinite.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The object name of one component: <fullname>-<component>. */}}
{{- define "indefinite.component" -}}
{{- printf "%s-%s" (include "indefinite.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "indefinite.selectorLabels" -}}
app.kubernetes.io/name: {{ include "indefinite.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "indefinite.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{ include "indefinite.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: indefinite-studies
{{- end -}}

{{/* Labels of the whole release (objects that belong to no component). */}}
{{- define "indefinite.releaseLabels" -}}
{{ include "indefinite.labels" (dict "root" . "name" "platform") }}
{{- end -}}

{{- define "indefinite.imageRef" -}}
{{- if .image.digest -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "indefinite.image" -}}
{{- include "indefinite.imageRef" (dict "image" .Values.image "root" .) -}}
{{- end -}}

{{- define "indefinite.uiImage" -}}
{{- include "indefinite.imageRef" (dict "image" .Values.uiImage "root" .) -}}
{{- end -}}

{{- define "indefinite.publicUrl" -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host -}}
{{- end -}}

{{/* The in-cluster HTTP base of a component (service discovery through Service DNS). */}}
{{- define "indefinite.httpBase" -}}
{{- printf "http://%s.%s.svc:%v" (include "indefinite.component" .) .root.Release.Namespace .root.Values.ports.http -}}
{{- end -}}

{{- define "indefinite.grpcTarget" -}}
{{- printf "%s.%s.svc:%v" (include "indefinite.component" .) .root.Release.Namespace .root.Values.ports.grpc -}}
{{- end -}}

{{- define "indefinite.kafkaBootstrap" -}}
{{- printf "%s-kafka-bootstrap.%s.svc:9092" (include "indefinite.component" (dict "root" . "name" "kafka")) .Release.Namespace -}}
{{- end -}}

{{/*
The workloads of the release as YAML: name -> {kind: service|router|ui, spec merged over defaults}.
Every per-workload template ranges over this.
*/}}
{{- define "indefinite.workloads" -}}
{{- $root := . -}}
{{- $out := dict -}}
{{- range $name, $svc := .Values.services -}}
{{- if $svc.enabled -}}
{{- $spec := mergeOverwrite (deepCopy $root.Values.defaults) (deepCopy $svc) -}}
{{- $_ := set $spec "kind" "service" -}}
{{- $_ := set $out $name $spec -}}
{{- end -}}
{{- end -}}
{{- if .Values.router.enabled -}}
{{- $spec := mergeOverwrite (deepCopy .Values.defaults) (deepCopy .Values.router) -}}
{{- $_ := set $spec "kind" "router" -}}
{{- $_ := set $out "router" $spec -}}
{{- end -}}
{{- if .Values.ui.enabled -}}
{{- $spec := mergeOverwrite (deepCopy .Values.defaults) (deepCopy .Values.ui) -}}
{{- $_ := set $spec "kind" "ui" -}}
{{- $_ := set $out "ui" $spec -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* Keep the non-empty entries of a map, as strings (the environment). */}}
{{- define "indefinite.nonEmpty" -}}
{{- $out := dict -}}
{{- range $key, $value := . -}}
{{- if ne (toString $value) "" -}}
{{- $_ := set $out $key (toString $value) -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/*
The plain environment of one workload ({root, name, spec}): what the chart derives (ports, Service
DNS names, the public URL, the stores' endpoints), overridden by the shared `config`, overridden
by the workload's own `config`; empty values mean "not set".
*/}}
{{- define "indefinite.config" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
{{- $derived := dict -}}
{{- $public := include "indefinite.publicUrl" $root -}}
{{- $auth := include "indefinite.httpBase" (dict "root" $root "name" "auth") -}}
{{- if eq .spec.kind "service" -}}
{{- $_ := set $derived "HTTP_HOST" "0.0.0.0" -}}
{{- $_ := set $derived "HTTP_PORT" (toString $values.ports.http) -}}
{{- $_ := set $derived "GRPC_HOST" "0.0.0.0" -}}
{{- $_ := set $derived "GRPC_PORT" (toString $values.ports.grpc) -}}
{{- $_ := set $derived "JWKS_URL" (printf "%s/.well-known/jwks.json" $auth) -}}
{{- /* the Job migrates before pods change; a CloudNativePG database exists only once the
install created it, so there the first pods migrate themselves (under alembic's advisory lock) */ -}}
{{- $jobFirst := and $values.migrations.enabled .spec.database (not (include "indefinite.cnpgDatabase" .)) -}}
{{- $_ := set $derived "MIGRATE_ON_START" (ternary "false" "true" $jobFirst) -}}
{{- if $values.kafka.strimzi.enabled -}}
{{- $_ := set $derived "KAFKA_BOOTSTRAP_SERVERS" (include "indefinite.kafkaBootstrap" $root) -}}
{{- end -}}
{{- range $key, $value := .spec.config -}}
{{- if hasSuffix "_GRPC_TARGET" $key -}}
{{- $_ := set $derived $key (include "indefinite.grpcTarget" (dict "root" $root "name" (trimSuffix "_GRPC_TARGET" $key | lower))) -}}
{{- end -}}
{{- if eq $key "PUBLIC_BASE_URL" -}}
{{- $_ := set $derived $key $public -}}
{{- end -}}
{{- end -}}
{{- $derived = mergeOverwrite $derived (include "indefinite.nonEmpty" $values.config | fromYaml) -}}
{{- else if eq .spec.kind "router" -}}
{{- $urls := dict -}}
{{- range $name, $svc := $values.services -}}
{{- if $svc.enabled -}}
{{- $_ := set $urls $name (printf "%s/graphql" (include "indefinite.httpBase" (dict "root" $root "name" $name))) -}}
{{- end -}}
{{- end -}}
{{- $_ := set $derived "ENVIRONMENT" (toString $values.config.ENVIRONMENT) -}}
{{- $_ := set $derived "ROUTER_LISTEN" (printf "0.0.0.0:%v" $values.ports.http) -}}
{{- $_ := set $derived "ROUTER_SUPERGRAPH" "/app/supergraph.graphql" -}}
{{- $_ := set $derived "ROUTER_ASSETS_DIR" "/app/node_modules" -}}
{{- $_ := set $derived "ROUTER_SUBGRAPH_URLS" (toJson $urls) -}}
{{- $_ := set $derived "ROUTER_JWT__JWKS_URL" (printf "%s/.well-known/jwks.json" $auth) -}}
{{- $_ := set $derived "ROUTER_JWT__ISSUER" (toString $values.config.JWT_ISSUER) -}}
{{- $_ := set $derived "ROUTER_JWT__AUDIENCE" (toString $values.config.JWT_AUDIENCE) -}}
{{- if $values.services.sessions.enabled -}}
{{- $_ := set $derived "ROUTER_SESSIONS__GRPC_TARGET" (include "indefinite.grpcTarget" (dict "root" $root "name" "sessions")) -}}
{{- end -}}
{{- if $values.config.REDIS_URL -}}
{{- $_ := set $derived "REDIS_URL" (toString $values.config.REDIS_URL) -}}
{{- end -}}
{{- else if eq .spec.kind "ui" -}}
{{- $_ := set $derived "ROUTER_URL" (printf "%s/graphql" (include "indefinite.httpBase" (dict "root" $root "name" "router"))) -}}
{{- $_ := set $derived "PUBLIC_BASE_URL" $public -}}
{{- $_ := set $derived "ENVIRONMENT" (toString $values.config.ENVIRONMENT) -}}
{{- $_ := set $derived "PORT" (toString .spec.port) -}}
{{- $_ := set $derived "HOSTNAME" "0.0.0.0" -}}
{{- end -}}
{{- toYaml (mergeOverwrite $derived (include "indefinite.nonEmpty" .spec.config | fromYaml)) -}}
{{- end -}}

{{/* The chart-made secret environment of one workload: shared secretEnv, then its own. */}}
{{- define "indefinite.secretEnv" -}}
{{- $shared := include "indefinite.nonEmpty" .root.Values.secretEnv | fromYaml -}}
{{- if eq .spec.kind "ui" -}}{{- $shared = dict -}}{{- end -}}
{{- toYaml (mergeOverwrite $shared (include "indefinite.nonEmpty" (.spec.secretEnv | default dict) | fromYaml)) -}}
{{- end -}}

{{/* Whether the workload's DATABASE_URL comes from a CloudNativePG Cluster. */}}
{{- define "indefinite.cnpgDatabase" -}}
{{- if and (eq .spec.kind "service") .spec.database .root.Values.postgresql.cloudnativepg.enabled (not (.spec.secretEnv | default dict).DATABASE_URL) -}}true{{- end -}}
{{- end -}}

{{/*
The env/envFrom of a workload's container ({root, name, spec, inline}): with inline the plain
settings are written out (hook Jobs run before the ConfigMap exists), else read from the ConfigMap.
*/}}
{{- define "indefinite.envBlock" -}}
{{- $secret := include "indefinite.secretEnv" . | fromYaml -}}
{{- $fullname := include "indefinite.component" . -}}
{{- $generated := include "indefinite.generatedKeys" . | fromYamlArray -}}
{{- if or .inline (include "indefinite.cnpgDatabase" .) $generated }}
env:
{{- if .inline }}
{{- range $key, $value := include "indefinite.config" . | fromYaml }}
  - name: {{ $key }}
    value: {{ $value | quote }}
{{- end }}
{{- end }}
{{- if include "indefinite.cnpgDatabase" . }}
  - name: DATABASE_URL
    valueFrom:
      secretKeyRef:
        name: {{ include "indefinite.component" (dict "root" .root "name" (printf "%s-pg-app" .name)) }}
        key: uri
{{- end }}
{{- range $generated }}
  - name: {{ . }}
    valueFrom:
      secretKeyRef:
        name: {{ include "indefinite.component" (dict "root" $.root "name" "generated") }}
        key: {{ . }}
{{- end }}
{{- end }}
envFrom:
{{- if not .inline }}
  - configMapRef:
      name: {{ $fullname }}
{{- end }}
{{- if $secret }}
  - secretRef:
      name: {{ $fullname }}
{{- end }}
{{- if and .root.Values.existingSecret (ne .spec.kind "ui") }}
  - secretRef:
      name: {{ .root.Values.existingSecret }}
{{- end }}
{{- if .spec.existingSecret }}
  - secretRef:
      name: {{ .spec.existingSecret }}
{{- end }}
{{- end -}}

{{/* The command of a workload's container. */}}
{{- define "indefinite.command" -}}
{{- if eq .spec.kind "service" -}}
["python", "-m", "subgraphs.{{ .name }}", "serve"]
{{- else if eq .spec.kind "router" -}}
["python", "-m", "router"]
{{- else -}}
["node", "server.js"]
{{- end -}}
{{- end -}}

{{- define "indefinite.httpPort" -}}
{{- if eq .spec.kind "ui" -}}{{ .spec.port }}{{- else -}}{{ .root.Values.ports.http }}{{- end -}}
{{- end -}}

{{/* Pod-level settings every pod of the release shares. */}}
{{- define "indefinite.podCommon" -}}
serviceAccountName: {{ include "indefinite.component" . }}
automountServiceAccountToken: {{ .root.Values.serviceAccount.automountToken }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The environment of the QA pods: QA_* from qa.config, the owner account from a Secret. */}}
{{- define "indefinite.qaEnv" -}}
env:
  - name: QA_LISTEN
    value: {{ printf "0.0.0.0:%v" .Values.qa.prober.port | quote }}
  {{- range $key, $value := include "indefinite.nonEmpty" .Values.qa.config | fromYaml }}
  - name: {{ $key }}
    value: {{ $value | quote }}
  {{- end }}
{{- with .Values.qa.existingSecret }}
envFrom:
  - secretRef:
      name: {{ . }}
{{- end }}
{{- end -}}

{{/*
The generated secrets ({root, name, spec}) this workload reads: its own keys (the shared secret for
every Python workload, a signing or HMAC key for the service that owns it), unless values give
them or the workload reads an existingSecret (which then must).
*/}}
{{- define "indefinite.generatedKeys" -}}
{{- $keys := list -}}
{{- $given := include "indefinite.secretEnv" . | fromYaml -}}
{{- if and .root.Values.generateSecrets (ne .spec.kind "ui") (not .root.Values.existingSecret) (not .spec.existingSecret) -}}
{{- $own := dict "auth" (list "JWT_PRIVATE_KEY") "notifications" (list "VAPID_PRIVATE_KEY") "profiles" (list "PHONE_CODE_SECRET") "subscriptions" (list "UNSUBSCRIBE_SECRET") -}}
{{- range prepend (get $own .name | default list) "SUBGRAPH_SHARED_SECRET" -}}
{{- if not (hasKey $given .) -}}
{{- $keys = append $keys . -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toYaml $keys -}}
{{- end -}}
