import { run } from './main.js';

await run();
// A request the deadline gave up on (a token endpoint that never answers) can keep a socket open; the step's
// result is reported by now, so do not let it hold the job. Unref'd: a run that ends cleanly exits at once.
setTimeout(() => process.exit(), 1000).unref();
