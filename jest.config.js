/** Jest runs the TypeScript sources directly (ts-jest ESM preset); e2e tests spawn the built bin/. */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151001] } },
    ],
  },
  testTimeout: 60000,
  maxWorkers: 2,
};
