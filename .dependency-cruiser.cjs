/**
 * The dependency rules of the codebase, checked by `npm run lint` (depcruise src). A module is a
 * top-level folder of src/ (contacts, routing, channels, ...).
 */
const INFRASTRUCTURE = '^(node_modules/(@nestjs|typeorm|bullmq|ioredis|socket\\.io|twilio|nodemailer|pg|redis)|node:)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'pure-core',
      comment: 'The pure cores (routing/domain, contacts/domain) import no framework and no I/O, only other pure code.',
      severity: 'error',
      from: { path: '^src/[^/]+/domain/' },
      to: { path: INFRASTRUCTURE },
    },
    {
      name: 'pure-core-stays-pure',
      comment:
        'The pure cores import only pure code: other domain files, plain type modules and the shared protocol constants.',
      severity: 'error',
      from: { path: '^src/[^/]+/domain/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/[^/]+/domain/',
          '^src/[^/]+/[^/]+\\.types\\.ts$',
          '^src/common/json\\.ts$',
          '^src/common/protocol\\.mjs$',
        ],
      },
    },
    {
      name: 'tables-belong-to-their-module',
      comment:
        "A module reads another module's table only through that module's repository or service: " +
        "no file imports another module's entity (entities may reference each other for relations; " +
        'the data source lists them all).',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: ['\\.entity\\.ts$', '^src/database/'] },
      to: { path: '\\.entity\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'only-repositories-touch-the-database',
      comment:
        'Services, controllers, processors and gateways never see TypeORM: repositories (*.repository.ts), ' +
        'entities, migrations and the database module do.',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: ['\\.repository\\.ts$', '\\.entity\\.ts$', '^src/database/', '\\.spec\\.ts$', '^src/health/'],
      },
      to: { path: ['^node_modules/typeorm', '^src/database/typeorm-unit-of-work\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'warn',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    exclude: { path: ['\\.spec\\.ts$'] },
  },
};
