// Runs the TypeScript sources in a child process (`node -r ./test/helpers/swc-register.cjs src/main.ts`)
// by compiling each .ts file with swc as it is required, with the options jest uses. No build step,
// so a clean checkout can start real service processes in fault tests.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
const options = require('./swc-options.cjs');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { filename, ...options });
  module._compile(code, filename);
};
