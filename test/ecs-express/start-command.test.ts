/** An App Runner start command (one line) as the twin's container command (argv). */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import { startCommandToArgv } from '../../src/private/start-command';

describe('plain commands are split into words as a shell splits them', () => {
  test.each<[string, string[]]>([
    ['node server.js', ['node', 'server.js']],
    ['  gunicorn   -b 0.0.0.0:8000   app:app ', ['gunicorn', '-b', '0.0.0.0:8000', 'app:app']],
    ['java -jar "my app.jar"', ['java', '-jar', 'my app.jar']],
    ['echo \'it is "quoted"\'', ['echo', 'it is "quoted"']],
    ['echo "a \\"b\\" c"', ['echo', 'a "b" c']],
    ['run a\\ b', ['run', 'a b']],
    ['run ""', ['run', '']],
    ['run --flag=value', ['run', '--flag=value']],
    ['echo \'$HOME\'', ['echo', '$HOME']],
  ])('%s', (command, argv) => {
    expect(startCommandToArgv(command)).toEqual(argv);
  });
});

describe('shell syntax runs under /bin/sh -c, as written', () => {
  test.each([
    'node server.js --port $PORT',
    'echo "$HOME"',
    'npm run migrate && npm start',
    'app | tee log',
    'app > out.log',
    'app; other',
    'app &',
    'ls *.js',
    'cd ~',
    'NODE_ENV=production node server.js',
    'echo `date`',
    'echo "unbalanced',
    'app # comment',
  ])('%s', (command) => {
    expect(startCommandToArgv(command)).toEqual(['/bin/sh', '-c', command]);
  });
});

test('no command, an empty one, and a token', () => {
  expect(startCommandToArgv(undefined)).toBeUndefined();
  expect(startCommandToArgv('')).toBeUndefined();
  expect(startCommandToArgv('   ')).toBeUndefined();
  const token = new CfnParameter(new Stack(), 'Command').valueAsString;
  expect(startCommandToArgv(token)).toEqual(['/bin/sh', '-c', token]);
});
