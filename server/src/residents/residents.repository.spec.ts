import { randomUUID } from 'node:crypto';
import { AreaTree, newAreaTree, newResident } from '../test-support/factories';
import { repositoryTestModule, RepositoryTestModule } from '../test-support/database';
import { ResidentsRepository } from './residents.repository';

let t: RepositoryTestModule;
let repo: ResidentsRepository;
let tree: AreaTree;

beforeAll(async () => {
  t = await repositoryTestModule([ResidentsRepository]);
  repo = t.get(ResidentsRepository);
  tree = await newAreaTree(t.db);
});
afterAll(() => t?.close());

describe('birth dates and groups for the guardian guard and enrollment', () => {
  it('answers many residents in one query, by lower-case id, leaving out those without a profile', async () => {
    const adult = await newResident(t.db, tree.communityA1, { birthDate: '1955-02-28' });
    const child = await newResident(t.db, tree.communityA1, { birthDate: '2016-12-31' });
    const unbound = randomUUID();

    const facts = await repo.eligibilityFactsOf([adult.toUpperCase(), child, unbound, child]);
    const found = new Map([...facts].map(([id, f]) => [id, f.birthDate]));

    expect([...facts.values()].every((f) => Array.isArray(f.groups))).toBe(true);
    expect(found).toEqual(
      new Map([
        [adult, '1955-02-28'],
        [child, '2016-12-31'],
      ]),
    );
    expect(await repo.eligibilityFactsOf([])).toEqual(new Map());
  });
});
