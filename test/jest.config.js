/** Cross-boundary tests: HTTP against the real server, real PostgreSQL and Redis, and the H5 app in Chromium. */
module.exports = {
  rootDir: '.',
  testEnvironment: '<rootDir>/support/environment.js',
  testMatch: ['<rootDir>/api/**/*.test.ts', '<rootDir>/browser/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  // Tests start servers and browsers: on a loaded machine (the suite must pass beside other work) a
  // start takes minutes of wall time; a server that is really stuck is caught by untilStalled.
  testTimeout: 180000,
  maxWorkers: 2,
};
