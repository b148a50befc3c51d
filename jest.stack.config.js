/**
 * Integration and browser tests against the real servers: FerretDB (started once for the run by
 * the global setup), Temporal's time-skipping test server (one per test file) and Chromium.
 */
module.exports = {
  ...require('./jest.preset'),
  displayName: 'stack',
  testMatch: ['<rootDir>/engine/*/test/**/*.int.spec.ts', '<rootDir>/editor/e2e/**/*.e2e.spec.ts'],
  globalSetup: '<rootDir>/scripts/test/global-setup.ts',
  globalTeardown: '<rootDir>/scripts/test/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
};
