import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { DemoSeeder } from './demo-seeder';

/** `npm run seed`: loads the demo district into an empty database (DATABASE_URL). */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn', 'log'], abortOnError: false });
  try {
    const seeded = await app.get(DemoSeeder).seedIfEmpty();
    process.stdout.write(seeded ? 'demo data loaded\n' : 'database already has data: nothing loaded\n');
  } finally {
    await app.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`seed failed: ${err.message}\n`);
  process.exit(1);
});
