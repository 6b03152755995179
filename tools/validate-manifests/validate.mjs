// node validate.mjs <objects.json>: validates each object of a JSON array (rendered manifests) against the schema of
// its apiVersion/kind from kubernetes-models (the Kubernetes OpenAPI schemas; the Prometheus Operator's CRD schemas).
// Prints one line per object: "ok <kind> <name>", "invalid <kind> <name>: <errors>" or "unknown <kind> <name>" (a
// kind these packages do not cover; the Java test checks those). Exit 1 if any object is invalid.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
let invalid = 0;
for (const object of objects) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const name = `${object.kind} ${object.metadata?.namespace ? object.metadata.namespace + "/" : ""}${object.metadata?.name}`;
  const candidates = group === "monitoring.coreos.com"
    ? [`@kubernetes-models/prometheus-operator/${group}/${version}/${object.kind}`]
    : [`kubernetes-models/${group ? group + "/" : ""}${version}/${object.kind}`];
  let Model = null;
  for (const path of candidates) {
    try {
      Model = (await import(path))[object.kind];
      break;
    } catch (e) {
      // not covered by this package
    }
  }
  if (!Model) {
    console.log(`unknown ${name}`);
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`ok ${name}`);
  } catch (e) {
    invalid++;
    console.log(`invalid ${name}: ${e.message}`);
  }
}
process.exit(invalid ? 1 : 0);
