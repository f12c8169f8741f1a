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

describe('birth dates for the guardian guard', () => {
  it('answers many residents in one query, by lower-case id, leaving out those without a profile', async () => {
    const adult = await newResident(t.db, tree.communityA1, { birthDate: '1955-02-28' });
    const child = await newResident(t.db, tree.communityA1, { birthDate: '2016-12-31' });
    const unbound = randomUUID();

    const found = await repo.birthDatesOf([adult.toUpperCase(), child, unbound, child]);

    expect(found).toEqual(
      new Map([
        [adult, '1955-02-28'],
        [child, '2016-12-31'],
      ]),
    );
    expect(await repo.birthDatesOf([])).toEqual(new Map());
  });
});
