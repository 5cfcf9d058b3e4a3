#!/usr/bin/env node
import module from 'node:module';
import { tuneForCommand } from '../dist/cli/process-tuning.js';
// Node 22.1+ keeps compiled code between runs (a cold start costs less); Node 20 has no such API.
module.enableCompileCache?.();
tuneForCommand(process.argv.slice(2));
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
