import { Token } from 'aws-cdk-lib';

/** Characters that make a command shell syntax when they are not quoted. */
const SHELL_SYNTAX = new Set(['$', '`', '|', '&', ';', '<', '>', '(', ')', '*', '?', '[', '~', '#', '\n', '\r']);
/** A leading variable assignment (`NODE_ENV=production node app.js`) is shell syntax too. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

function viaShell(command: string): string[] {
  return ['/bin/sh', '-c', command];
}

/**
 * An App Runner start command (one line) as an ECS container command (argv, which replaces the
 * image's CMD): split into words as a POSIX shell splits them (single and double quotes,
 * backslash escapes), or, when it uses shell syntax (variables, pipes, `&&`, redirections,
 * globs, a leading `VAR=value`, an unbalanced quote), run by `/bin/sh -c` as it is. A token is
 * run by `/bin/sh -c` too. Undefined for an empty command.
 */
export function startCommandToArgv(command: string | undefined): string[] | undefined {
  if (command === undefined) return undefined;
  if (Token.isUnresolved(command)) return viaShell(command);
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote === '\'') {
      if (c === '\'') quote = undefined;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') {
        quote = undefined;
      } else if (c === '$' || c === '`') {
        return viaShell(command);
      } else if (c === '\\' && i + 1 < command.length && '"\\$`'.includes(command[i + 1])) {
        word += command[++i];
      } else {
        word += c;
      }
      continue;
    }
    if (SHELL_SYNTAX.has(c)) return viaShell(command);
    if (c === '\'' || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < command.length) word += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== undefined) return viaShell(command);
  if (inWord) words.push(word);
  if (ASSIGNMENT.test(command.trimStart())) return viaShell(command);
  return words.length > 0 ? words : undefined;
}
