import { sharedStatements } from './shared-statements';

/** A fake database for the batcher: records each statement's requests; a statement holding `bad` fails. */
function database(o: { bad?: number; slowMs?: number } = {}) {
  const statements: number[][] = [];
  const statement = async (requests: readonly number[]) => {
    statements.push([...requests]);
    if (o.slowMs) await new Promise((r) => setTimeout(r, o.slowMs));
    if (o.bad !== undefined && requests.includes(o.bad)) throw new Error('bad request in the statement');
    return requests.map((n) => n * 10);
  };
  return { statements, statement };
}

describe('requests sharing statements', () => {
  it('sends requests arriving together as one statement, each with its own answer', async () => {
    const db = database();
    const ask = sharedStatements<number, number>({ one: async (n) => (await db.statement([n]))[0], many: db.statement, maxBatch: 100, maxInFlight: 4, windowMs: 2 });

    expect(await Promise.all([1, 2, 3].map(ask))).toEqual([10, 20, 30]);
    expect(db.statements).toEqual([[1, 2, 3]]);
  });

  it('tries each request of a failed statement alone, so one bad request sinks only itself', async () => {
    const db = database({ bad: 2 });
    const ask = sharedStatements<number, number>({ one: async (n) => (await db.statement([n]))[0], many: db.statement, maxBatch: 100, maxInFlight: 4, windowMs: 2 });

    const answers = await Promise.allSettled([1, 2, 3].map(ask));

    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : 'refused'))).toEqual([10, 'refused', 30]);
    expect(db.statements).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('keeps no more statements at the database than allowed: the others wait and grow', async () => {
    const db = database({ slowMs: 30 });
    const ask = sharedStatements<number, number>({ one: async (n) => (await db.statement([n]))[0], many: db.statement, maxBatch: 100, maxInFlight: 1, windowMs: 1 });

    const first = ask(1);
    await new Promise((r) => setTimeout(r, 5)); // the first statement is at the database
    const later = [2, 3, 4].map((n) => new Promise<number>((r) => setTimeout(() => r(ask(n)), n)));

    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(db.statements).toEqual([[1], [2, 3, 4]]);
  });
});
