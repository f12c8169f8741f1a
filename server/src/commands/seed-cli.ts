import { AppConfigModule } from '../config/config.module';
import { DemoSeeder } from '../demo/demo-seeder';
import { DemoSeedingModule } from '../demo/demo-seeding.module';
import { FieldKeys, FieldKeysModule } from '../database/field-keys';
import { ResidentKeysModule } from '../resident-keys/resident-keys.module';
import { runCommand } from './command';
import { commandContext } from './command-context';

/**
 * `npm run seed`: loads the demo district into an empty database (DATABASE_URL). Boots the seeder and
 * the features it writes through, with the checked configuration: residents' phones are encrypted
 * with the portal's keys.
 */
async function main(): Promise<void> {
  const app = await commandContext([AppConfigModule, ResidentKeysModule, DemoSeedingModule, FieldKeysModule], ['error', 'warn', 'log']);
  try {
    // as the server does at start: the demo's phone hashes must be made with the database's algorithm
    const mismatch = await app.get(FieldKeys).lookupMismatch();
    if (mismatch) throw new Error(mismatch);
    const seeded = await app.get(DemoSeeder).seedIfEmpty();
    // the demo's names and numbers under each resident's own data key, as the server keeps them
    if (seeded) await app.get(FieldKeys).sealResidents();
    process.stdout.write(seeded ? 'demo data loaded\n' : 'database already has data: nothing loaded\n');
  } finally {
    await app.close();
  }
}

runCommand('seed', main);
