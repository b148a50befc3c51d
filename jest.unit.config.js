/** Pure logic: no servers, no network; runs in seconds. */
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['<rootDir>/engine/*/src/**/*.spec.ts', '<rootDir>/editor/src/**/*.spec.ts', '<rootDir>/scripts/lint/**/*.spec.ts', '<rootDir>/examples/**/*.spec.ts'],
};
