import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the web console's files are: `public/console/` of the checkout (two levels above both
 * `src/console/` and the built `dist/console/`), the protocol module it shares with the server,
 * and the browser bundles it loads straight from node_modules, so the console needs no CDN
 * and no build step.
 */
export interface ConsoleAssets {
  /** File name -> absolute path, for every file the console may be asked for. */
  files: ReadonlyMap<string, string>;
  index: string;
}

/** Plain names only: no folders, no dot files, nothing a path could be smuggled through. */
const SERVABLE = /^[a-z0-9][a-z0-9-]*\.(?:html|js|css|svg|ico|png|woff2)$/;

export function locateConsoleAssets(root = join(__dirname, '..', '..', 'public', 'console')): ConsoleAssets {
  const index = join(root, 'index.html');
  if (!existsSync(index)) throw new Error(`the web console is missing: ${index} not found`);
  const files = new Map<string, string>();
  for (const name of readdirSync(root)) if (SERVABLE.test(name)) files.set(name, join(root, name));

  // The event names and vocabulary the server imports, served as they are (src/common/protocol.mjs;
  // tsc copies it to dist/common/): the console and the server read the one same file.
  const protocol = join(__dirname, '..', 'common', 'protocol.mjs');
  if (!existsSync(protocol)) throw new Error(`the web console's protocol.mjs is missing: ${protocol} not found`);
  files.set('protocol.mjs', protocol);

  const socketIo = join(dirname(require.resolve('socket.io/package.json')), 'client-dist', 'socket.io.min.js');
  // @twilio/voice-sdk exports only its CommonJS entry (es5/twilio.js); the browser bundle sits beside it.
  const twilioVoice = join(dirname(require.resolve('@twilio/voice-sdk')), '..', 'dist', 'twilio.min.js');
  // chart.js exports no package.json: its CommonJS entry is dist/chart.cjs, the UMD bundle beside it.
  const chartJs = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
  for (const [name, path] of [
    ['socket.io.min.js', socketIo],
    ['twilio-voice.min.js', twilioVoice],
    ['chart.umd.min.js', chartJs],
  ] as const) {
    if (!existsSync(path)) throw new Error(`the web console's ${name} is missing: ${path} not found`);
    files.set(`vendor/${name}`, path);
  }
  return { files, index };
}
