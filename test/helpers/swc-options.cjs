// The swc options the TypeScript sources are compiled with outside tsc: by jest (jest.config.js)
// and by the fault tests' child processes (swc-register.cjs). Decorators and their metadata on,
// CommonJS out, as Nest needs.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
