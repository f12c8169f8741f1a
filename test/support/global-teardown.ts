export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as Record<string, unknown>).__embeddedPg as { stop(): Promise<void> } | undefined;
  if (pg) await pg.stop();
}
