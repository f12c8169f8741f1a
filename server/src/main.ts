import { Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import { createApp, listenEverywhere } from './app';
import { ConfigError, loadConfig } from './config/app-config';
import { serveAsWorker, superviseWorkers } from './workers';

/** Production entry: configuration from the environment, migrations applied by `npm run migrate`. */
async function main(): Promise<void> {
  if (cluster.isWorker) return serveAsWorker();
  const { WEB_CONCURRENCY: workers, PORT: port } = loadConfig(process.env); // a bad value stops here
  const logger = new Logger('Main');
  if (workers > 1) {
    const { listening, stopped } = superviseWorkers(workers, process.env);
    await listening;
    logger.log(`listening on port ${port} with ${workers} workers`);
    await stopped;
    return;
  }
  const app = await createApp();
  await listenEverywhere(app, port);
  logger.log(`listening on port ${port}`);
}

main().catch((err: Error) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
