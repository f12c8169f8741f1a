import DataLoader from 'dataloader';

/** How requests arriving together share statements (see sharedStatements). */
export interface SharedStatementOptions<K, V> {
  /** One request alone: when it arrived alone, and for each request of a shared statement that failed. */
  one: (request: K) => Promise<V>;
  /** Many requests in one statement, one answer each, in order. */
  many: (requests: readonly K[]) => Promise<V[]>;
  /** Requests per shared statement. */
  maxBatch: number;
  /** Shared statements at the database at once, per process (the pool has more connections). */
  maxInFlight: number;
  /** How long a statement waits for company after its first request arrived, when the database is free. */
  windowMs: number;
}

/**
 * Requests arriving together, from many residents, going to the database as one statement each
 * time. A statement leaves `windowMs` after its first request when fewer than `maxInFlight` are at
 * the database, or else as soon as one of them returns: so statements grow while the database is
 * busy, which is when sharing pays. Each request keeps its own answer. If a shared statement fails,
 * each of its requests is tried alone, so one bad request never sinks its neighbours.
 */
export function sharedStatements<K, V>(o: SharedStatementOptions<K, V>): (request: K) => Promise<V> {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const run = async (batch: readonly K[]): Promise<(V | Error)[]> => {
    inFlight += 1;
    try {
      if (batch.length === 1) return [await o.one(batch[0])];
      return await o.many(batch).catch(() => Promise.all(batch.map((k) => o.one(k).catch((err: Error) => err))));
    } finally {
      inFlight -= 1;
      waiting.shift()?.();
    }
  };
  const loader = new DataLoader<K, V>(run, {
    cache: false,
    maxBatchSize: o.maxBatch,
    batchScheduleFn: (dispatch) => (inFlight < o.maxInFlight ? setTimeout(dispatch, o.windowMs) : waiting.push(dispatch)),
  });
  return (request) => loader.load(request);
}
