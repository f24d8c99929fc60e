/** @type {import('jest').Config} */
const swc = ['@swc/jest', require('./test/helpers/swc-options.cjs')];

// Nest 12 and a few of its dependencies ship ES modules only: let swc turn them into CommonJS.
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras'];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
  // Each test file gets its own database and Redis prefix, so files run in parallel safely.
  maxWorkers: 2,
};
