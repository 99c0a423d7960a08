import { enableCompileCache } from 'node:module';

// V8 keeps the compiled code of every module loaded from here on (in the OS temp directory, keyed by Node's
// version and each file's content): a later run on the same machine skips most of the compiling, which is the
// larger part of starting. This file is kept small so that the rest of the bundle loads after it.
enableCompileCache();
const { run } = await import('./main.js');

await run();
// A request the deadline gave up on (a token endpoint that never answers) can keep a socket open; the step's
// result is reported by now, so do not let it hold the job. Unref'd: a run that ends cleanly exits at once.
setTimeout(() => process.exit(), 1000).unref();
