import type * as pulumi from "@pulumi/pulumi";
import { conformanceDir } from "../../infra/names/conformanceLayout";
import { stackKeyPrefix } from "../../infra/names/resultsLayout";
import { benchServiceAccount, namespaces } from "../../infra/namespaces";
import type { Placement } from "../../infra/substrate/substrate";
import { resultsCredentialsSecretName } from "../bench/benchConfigObjects";
import { benchImage, benchUid } from "../bench/benchImage";
import { benchLabels } from "../bench/benchLabels";
import { kubeconfigReaderRole } from "../bench/benchRbac";
import type { HcpEndpoint } from "../fleet/fleetOutputs";
import type { KubeObject } from "../fleet/kubeObject";

/**
 * The per-HCP conformance Job on AWS (`bench.conformance: true`): the public
 * conformance image of the HCP's Kubernetes version runs the e2e suite
 * against the HCP, and the results land in the sweep layout beside the bench
 * points (<prefix>/<sweepId>/<stack>/conformance/<hcp>/). One pod, three steps:
 *   1. init `kubeconfig`: reads the HCP's kubeconfig Secret with the bench
 *      service account (a Role allows `get` on that Secret alone) and points
 *      it at the HCP's in-cluster Service;
 *   2. `conformance`: the image's own runner (kubeconformance), writing
 *      junit_01.xml and e2e.log into RESULTS_DIR, then its `done` file;
 *   3. `upload`: waits for `done`, then copies the folder to S3 with the
 *      bench service account's IRSA role (or MinIO's credentials).
 */

/** registry.k8s.io/conformance is published for every Kubernetes release, tagged with its version. */
export function conformanceImage(kubernetesVersion: string): string {
  const m = /^v?(1\.\d+\.\d+)$/.exec(kubernetesVersion);
  if (!m) throw new Error(`conformance image: not a Kubernetes release version: ${kubernetesVersion}`);
  return `registry.k8s.io/conformance:v${m[1]}`;
}

/** The AWS CLI's own image, pinned, for the upload step (it has a shell and `aws s3 cp`). */
export const uploadImage = "docker.io/amazon/aws-cli:2.17.0";

export const conformanceResultsDir = "/results";
const kubeconfigDir = "/kubeconfig";

export function conformanceJobName(hcp: string, runToken: string): string {
  return `conformance-${hcp}-${runToken}`.slice(0, 63).replace(/-+$/, "");
}

/** `get` on exactly the HCPs' kubeconfig Secrets, per namespace: the Job reads nothing else. */
export function conformanceKubeconfigRoles(hcps: readonly HcpEndpoint[]): KubeObject[] {
  const byNs = new Map<string, string[]>();
  for (const h of hcps) byNs.set(h.namespace, [...(byNs.get(h.namespace) ?? []), h.kubeconfigSecret.name]);
  return [...byNs].map(([namespace, names]) => kubeconfigReaderRole(namespace, names, "hcpbench-conformance-kubeconfigs"));
}

/**
 * Node script for step 1: GET the Secret with the pod's service-account
 * token, write its kubeconfig key 0600, with the server moved to the HCP's
 * in-cluster URL and the certificate still checked for the original name.
 */
export function kubeconfigFetchScript(hcp: HcpEndpoint): string {
  const p = JSON.stringify({ ns: hcp.namespace, name: hcp.kubeconfigSecret.name, key: hcp.kubeconfigSecret.key, server: hcp.apiServerUrl, out: `${kubeconfigDir}/kubeconfig` });
  return [
    `const fs=require('fs'),https=require('https'),p=${p},sa='/var/run/secrets/kubernetes.io/serviceaccount/';`,
    `https.get({host:process.env.KUBERNETES_SERVICE_HOST,port:process.env.KUBERNETES_SERVICE_PORT,path:'/api/v1/namespaces/'+p.ns+'/secrets/'+p.name,ca:fs.readFileSync(sa+'ca.crt'),headers:{authorization:'Bearer '+fs.readFileSync(sa+'token','utf8')}},(r)=>{`,
    `let b='';r.on('data',(d)=>b+=d);r.on('end',()=>{`,
    `if(r.statusCode!==200){console.error('secret '+p.ns+'/'+p.name+': HTTP '+r.statusCode);process.exit(1)}`,
    `const kc=Buffer.from(JSON.parse(b).data[p.key],'base64').toString('utf8');`,
    // The operator's kubeconfig names the HCP's external address; inside the cluster its Service answers, with the same certificate.
    `const out=kc.replace(/^(\\s*)server:\\s*(\\S+)\\s*$/m,(l,i,s)=>i+'server: '+p.server+'\\n'+i+'tls-server-name: '+new URL(s).hostname);`,
    `fs.writeFileSync(p.out,out,{mode:0o600});console.log('kubeconfig of '+p.ns+'/'+p.name+' -> '+p.server)})}).on('error',(e)=>{console.error(e.message);process.exit(1)});`,
  ].join("");
}

export interface ConformanceJobInputs {
  readonly stack: string;
  readonly sweepId: string;
  readonly runToken: string;
  readonly hcp: HcpEndpoint;
  readonly kubernetesVersion: string;
  readonly focus: string;
  readonly effectiveSkip: string;
  /** conformance.json as the report reads it, static fields filled in (ConfigMap). */
  readonly resultConfigMap: string;
  readonly results: { readonly bucket: pulumi.Input<string>; readonly prefix: string; readonly region: string; readonly endpoint?: string };
  readonly placement: Placement;
  readonly activeDeadlineSeconds: number;
}

/** The extra e2e.test flags a control plane without worker nodes needs (as runConformance passes them). */
export const noWorkerNodeArgs = ["--allowed-not-ready-nodes=-1", "--num-nodes=0"] as const;

export function conformanceJobManifest(i: ConformanceJobInputs): KubeObject {
  const labels = benchLabels({ "hcpbench.io/run-token": i.runToken, "hcpbench.io/hcp": i.hcp.name });
  const dest = `s3://\${RESULTS_BUCKET}/${stackKeyPrefix(i.results.prefix, i.sweepId, i.stack)}${conformanceDir(i.hcp.name)}/`;
  const upload = [
    "set -eu",
    // The Job's deadline bounds this wait; the runner writes `done` even when the suite fails.
    `until [ -f ${conformanceResultsDir}/done ]; do sleep 10; done`,
    `cp /etc/hcpbench-conformance/conformance.json ${conformanceResultsDir}/conformance.json`,
    `aws s3 cp ${conformanceResultsDir}/ "${dest}" --recursive --exclude done --exclude e2e.tar.gz${i.results.endpoint ? ` --endpoint-url "${i.results.endpoint}"` : ""}`,
  ].join("\n");
  const restricted = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
  const env: { name: string; value?: pulumi.Input<string>; valueFrom?: unknown }[] = [
    { name: "RESULTS_BUCKET", value: i.results.bucket },
    { name: "AWS_REGION", value: i.results.region },
  ];
  if (i.results.endpoint) for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) env.push({ name: key, valueFrom: { secretKeyRef: { name: resultsCredentialsSecretName, key } } });
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: conformanceJobName(i.hcp.name, i.runToken),
      namespace: namespaces.bench,
      labels,
      // Failing tests fail the pod; that is a result for the report, not a failed `pulumi up`.
      annotations: { "pulumi.com/skipAwait": "true" },
    },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: i.activeDeadlineSeconds,
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: benchServiceAccount,
          restartPolicy: "Never",
          enableServiceLinks: false,
          nodeSelector: { ...i.placement.nodeSelector },
          tolerations: i.placement.tolerations.map((t) => ({ ...t })),
          securityContext: { runAsNonRoot: true, runAsUser: benchUid, runAsGroup: benchUid, fsGroup: benchUid, seccompProfile: { type: "RuntimeDefault" } },
          initContainers: [
            {
              name: "kubeconfig",
              image: benchImage,
              command: ["node", "-e", kubeconfigFetchScript(i.hcp)],
              securityContext: restricted,
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
              volumeMounts: [{ name: "kubeconfig", mountPath: kubeconfigDir }],
            },
          ],
          containers: [
            {
              name: "conformance",
              image: conformanceImage(i.kubernetesVersion),
              env: [
                { name: "E2E_FOCUS", value: i.focus },
                { name: "E2E_SKIP", value: i.effectiveSkip },
                { name: "E2E_PROVIDER", value: "skeleton" },
                { name: "E2E_PARALLEL", value: "1" },
                { name: "E2E_EXTRA_ARGS", value: noWorkerNodeArgs.join(" ") },
                { name: "RESULTS_DIR", value: conformanceResultsDir },
                { name: "KUBECONFIG", value: `${kubeconfigDir}/kubeconfig` },
              ],
              securityContext: restricted,
              resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "2Gi" } },
              volumeMounts: [
                { name: "kubeconfig", mountPath: kubeconfigDir, readOnly: true },
                { name: "results", mountPath: conformanceResultsDir },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
            {
              name: "upload",
              image: uploadImage,
              command: ["sh", "-c", upload],
              env,
              securityContext: restricted,
              resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
              volumeMounts: [
                { name: "results", mountPath: conformanceResultsDir },
                { name: "result-json", mountPath: "/etc/hcpbench-conformance", readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [
            { name: "kubeconfig", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
            { name: "results", emptyDir: { sizeLimit: "512Mi" } },
            { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
            { name: "result-json", configMap: { name: i.resultConfigMap } },
          ],
        },
      },
    },
  };
}
