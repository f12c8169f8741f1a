import { Logger } from '@nestjs/common';
import { createApp, listenEverywhere } from './app';
import { AppConfig, ConfigError } from './config/app-config';

/** Production entry: configuration from the environment, migrations applied by `npm run migrate`. */
async function main(): Promise<void> {
  const app = await createApp();
  const config = app.get(AppConfig);
  await listenEverywhere(app, config.PORT);
  new Logger('Main').log(`listening on port ${config.PORT}`);
}

main().catch((err: Error) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
