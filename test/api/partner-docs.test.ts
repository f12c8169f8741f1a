import { ErrorCode, PartnerError } from '@lp/shared';
import { PARTNER_ENDPOINTS, PARTNER_REFUSALS } from '@lp/server/dist/partners/partner-guide';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { startApi, TestApi } from '../support/api';

/**
 * A partner's developer starts from the documentation: the OpenAPI document names the two headers as
 * security schemes, gives every partner endpoint an example that its own schema accepts and the
 * refusals with their codes, states the units; the guide page lists every endpoint and refusal.
 */
type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; content?: Record<string, { schema: object; example?: unknown }> }>;
  'x-access'?: { kind: string; scope?: string; consent?: boolean };
};
type Doc = {
  info: { description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
};

let api: TestApi;
let doc: Doc;

beforeAll(async () => {
  api = await startApi();
  doc = (await api.http.get<Doc>('/api/docs/openapi.json')).body;
});
afterAll(() => api.close());

const partnerOperations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, op]) => op['x-access']?.kind === 'partner')
      .map(([method, op]) => ({ path, method, op })),
  );

it('declares the API key and the consent token as security schemes, and each partner endpoint needs them together', () => {
  expect(doc.components.securitySchemes.partnerKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Api-Key' });
  expect(doc.components.securitySchemes.residentConsent).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Consent-Token' });
  const ops = partnerOperations();
  expect(ops.length).toBe(6);
  for (const { path, op } of ops) {
    const wanted = op['x-access']!.consent ? { partnerKey: [], residentConsent: [] } : { partnerKey: [] };
    expect({ path, security: op.security }).toEqual({ path, security: [wanted] });
  }
});

it('gives every partner endpoint an example its own schema accepts, and its refusals with their codes', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // the document's schemas as one schema, so their own '#/components/schemas/…' references resolve
  ajv.addSchema({ $id: 'https://lp.invalid/openapi', components: { schemas: doc.components.schemas } });
  const checked: string[] = [];
  for (const { path, op } of partnerOperations()) {
    const ok = op.responses['200'].content!['application/json'];
    expect({ path, example: ok.example === undefined ? 'missing' : 'given' }).toEqual({ path, example: 'given' });
    const validate = ajv.compile({ $ref: `https://lp.invalid/openapi${(ok.schema as { $ref: string }).$ref}` });
    const valid = validate(ok.example);
    expect({ path, errors: valid ? null : validate.errors }).toEqual({ path, errors: null });
    // and a wrong example would be caught: a milli-credit figure as text
    const broken = JSON.parse(JSON.stringify(ok.example).replace(/"(balanceMilli|creditsMilli)":(\d+)/, '"$1":"$2"'));
    if (JSON.stringify(broken) !== JSON.stringify(ok.example)) expect(validate(broken)).toBe(false);
    const refusals = `${op.responses['401'].description} ${op.responses['403'].description} ${op.responses['429'].description}`;
    const codes: string[] = [PartnerError.ApiKeyMissing, PartnerError.ApiKeyInvalid, PartnerError.ScopeMissing, ErrorCode.TooManyRequests];
    if (op['x-access']!.consent) codes.push(PartnerError.ConsentRequired, PartnerError.ConsentInvalid, PartnerError.ConsentRevoked, PartnerError.ConsentExpired, PartnerError.ConsentScope);
    expect({ path, missing: codes.filter((c) => !refusals.includes(c)) }).toEqual({ path, missing: [] });
    expect(op.responses['403'].content!['application/json'].schema).toMatchObject({ required: ['code', 'message'] });
    checked.push(path);
  }
  process.stdout.write(`partner docs: ${checked.length} endpoints with a valid example and their refusals\n`);
});

it('states the units: milli-credits and minutes in the fields a partner reads', () => {
  expect(doc.info.description).toMatch(/千分之一学分/);
  const credits = doc.components.schemas.PartnerCreditsView as { properties: Record<string, { description?: string }> };
  expect(credits.properties.balanceMilli.description).toMatch(/milli-credits/);
  expect(credits.properties.totalMinutes.description).toMatch(/minutes/);
  const total = doc.components.schemas.CategoryTotal as { properties: Record<string, { description?: string }> };
  expect(total.properties.creditsMilli.description).toMatch(/milli-credits/);
  expect(total.properties.minutes.description).toMatch(/minutes/);
});

it('the guide page, public and plain, lists every partner endpoint of the document and every refusal', async () => {
  const res = await fetch(`${api.http.baseUrl}/partner-guide`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  const html = await res.text();
  expect(html).toMatch(/怎样|拿到 API 密钥/);
  const documented = partnerOperations().map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort();
  expect(PARTNER_ENDPOINTS.map((e) => `GET ${e.path}`).sort()).toEqual(documented);
  for (const line of documented) expect(html).toContain(line);
  for (const r of PARTNER_REFUSALS) expect(html).toContain(r.code);
  for (const { path, op } of partnerOperations()) {
    const listed = PARTNER_ENDPOINTS.find((e) => e.path === path)!;
    expect({ path, scope: listed.scope, consent: listed.consent }).toEqual({ path, scope: op['x-access']!.scope, consent: op['x-access']!.consent });
  }
  expect(html).toContain('href="/api/docs"');
  expect(html).not.toMatch(/<script/i);
});
