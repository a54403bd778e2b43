/**
 * Checks a manifest as the cluster would read it: parsed back from the text
 * `kubectl apply` gets, then validated by kubernetes-models against the
 * Kubernetes OpenAPI schema of its kind. The CLI runs this on its own output
 * before writing it, and the tests run it on the files written.
 */
import { parseAllDocuments } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';

/** The kinds tollgate writes, by `apiVersion/kind`. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'batch/v1/Job': Job,
};

/**
 * Every document in a YAML or JSON manifest file, as plain data. Read as
 * YAML 1.1, as kubectl does, so that an unquoted `on` or `0440` would come
 * back as the boolean or number the cluster would see.
 *
 * @throws Error when the text is not YAML.
 */
export function parseManifests(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('; '));
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}

/** What is wrong with one manifest, one line per problem; empty when the schema accepts it. */
export function validateManifest(document: unknown): string[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return ['not an object with apiVersion and kind'];
  const { apiVersion, kind } = document as { apiVersion?: unknown; kind?: unknown };
  const model = MODELS[`${String(apiVersion)}/${String(kind)}`];
  if (!model) return [`apiVersion ${String(apiVersion)}, kind ${String(kind)}: not a kind tollgate writes (${Object.keys(MODELS).join(', ')})`];
  try {
    new model(document as never).validate();
    return [];
  } catch (error) {
    // kubernetes-models joins ajv's errors: "data/spec/completions must be integer, data/..."
    return (error as Error).message.split(/,\s*(?=data[/ ])/).map((line) => `${String(kind)}: ${line}`);
  }
}
