import { awscdk, javascript, ReleasableCommits } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-apprunner-kit',
  description:
    'AWS CDK constructs for AWS App Runner: a drop-in for @aws-cdk/aws-apprunner-alpha, plus custom domains with DNS, pause/resume, redeploys and rollback detection.',
  keywords: ['aws-cdk', 'cdk', 'apprunner', 'app-runner', 'awscdk'],
  author: 'cdk-apprunner-kit maintainers',
  authorAddress: 'maintainers@cdk-apprunner-kit.dev',
  repositoryUrl: 'https://github.com/cdk-apprunner-kit/cdk-apprunner-kit.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',

  // aws-cdk-lib floor: the newest version integ-runner 2.197 can read (cloud-assembly schema <= 53).
  cdkVersion: '2.257.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',

  // jsii targets: only JS packages offline here, the others are generated with --code-only.
  publishToPypi: {
    distName: 'cdk-apprunner-kit',
    module: 'cdk_apprunner_kit',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkapprunnerkit',
    mavenGroupId: 'io.github.cdk-apprunner-kit',
    mavenArtifactId: 'cdk-apprunner-kit',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkAppRunnerKit',
    packageId: 'CdkAppRunnerKit',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-apprunner-kit/cdk-apprunner-kit-go',
    packageName: 'cdkapprunnerkit',
  },

  // The custom-resource handlers: lambdaAutoDiscover bundles each src/**/*.lambda.ts
  // (src/operations/functions/on-event.lambda.ts and is-complete.lambda.ts) with esbuild into
  // assets/operations/functions/<name>.lambda/index.js and generates its lambda.Function
  // construct (<name>-function.ts). @aws-sdk/* stays external (the runtime's default): the
  // Lambda Node.js runtime provides it. SDK v3 keeps connections alive by itself.
  lambdaAutoDiscover: true,
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    awsSdkConnectionReuse: false,
  },

  // Releases: projen's release on every push to main (release.yml) computes the version from
  // the conventional commits since the last tag, writes the changelog of the GitHub release and
  // publishes to npm, PyPI, Maven Central, NuGet and the Go module repository (the targets
  // above). The build and release workflows are committed for GitHub; this machine reaches
  // none of those registries, so .ci/run stays the CI. The first release is 1.0.0
  // (minMajorVersion): the library is a stable drop-in for the alpha module with users who
  // upgrade, so semver's major number has to mean "breaking" from the start.
  github: true,
  githubOptions: {
    mergify: false,
    // PR titles become the squash-merge commits: pull-request-lint.yml checks they are conventional.
    pullRequestLint: true,
    pullRequestLintOptions: {
      semanticTitleOptions: {
        types: ['feat', 'fix', 'perf', 'revert', 'docs', 'test', 'refactor', 'build', 'ci', 'chore'],
      },
    },
  },
  release: true,
  buildWorkflow: true,
  minMajorVersion: 1,
  // A release (to five registries) only for what users get: features, fixes, performance and
  // reverts; a docs/test/chore-only push to main publishes nothing.
  releasableCommits: ReleasableCommits.ofType(['feat', 'fix', 'perf', 'revert']),
  // The workflows run on GitHub's runners: Node.js 22, the oldest maintained LTS, which the
  // release's commit-and-tag-version 13 requires (engines >=22; it runs on 20 here too).
  workflowNodeVersion: '22.x',
  // Dependency upgrades stay a human decision: jest 29 and eslint-import-resolver-typescript
  // 3.6.3 are pinned (below) so `npm ci` works from this registry.
  depsUpgrade: false,
  pullRequestTemplate: false,

  // jest 29 and eslint-import-resolver-typescript 3.6.3 keep unrs-resolver (non-Linux
  // optional binaries this registry lacks) out of the lockfile, so `npm ci` works.
  jestOptions: {
    jestVersion: '^29',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/.tmp/', '/cdk.out/'],
      setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
    },
  },
  typecheckTests: true,
  typescriptVersion: '~5.9.0',
  devDeps: [
    '@types/jest@^29',
    'ts-jest@^29',
    'eslint-import-resolver-typescript@3.6.3',
    'ajv@8.20.0',
    '@aws-sdk/client-apprunner@^3',
    '@aws-sdk/client-route-53@^3',
    '@aws-sdk/client-cloudformation@^3',
    '@aws-sdk/client-sts@^3',
    '@aws-sdk/client-elastic-load-balancing-v2@^3',
    'aws-sdk-client-mock@^4',
    '@types/aws-lambda@^8',
    'esbuild@^0.25',
    'fast-check@^4',
    'cdk-nag@^3',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@aws-cdk/integ-runner@2.197.10',
    'aws-cdk@^2',
  ],

  gitignore: ['.tmp/', 'cdk.out/', 'cdk.out.*/'],
});

for (const pattern of ['/examples/', '/scripts/', '/.ci/', '/.tmp/', '/cdk.out/']) {
  project.addPackageIgnore(pattern);
}

// `npx projen bump` alone computes what the release computes (projen sets MIN_MAJOR on the
// release task only; `bump` reads it): the first version is 1.0.0, not 0.0.0.
project.tasks.tryFind('bump')?.env('MIN_MAJOR', '1');

// projen's eslint component adds its own resolver version; pin ours (see above).
project.addDevDeps('eslint-import-resolver-typescript@3.6.3');

// Tests and the example synthesize stacks that reference the handler bundles: bundle first.
project.testTask.prependSpawn(project.bundler.bundleTask);

// CDK writes cdk.out* folders to the OS temp dir during tests: keep them inside the project.
const tmpdir = '$(mkdir -p .tmp && cd .tmp && pwd)';
project.testTask.env('TMPDIR', tmpdir);
project.tasks.tryFind('test:watch')?.env('TMPDIR', tmpdir);
project.tasks.tryFind('test:update')?.env('TMPDIR', tmpdir);

// The example app and the scripts are type-checked and linted with the rest.
project.tsconfigDev.addInclude('../examples/**/*.ts');
project.tsconfigDev.addInclude('../scripts/**/*.ts');
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('scripts');
// examples/ and scripts/ are type-checked with test/tsconfig.json (the root one is jsii's).
project.eslint?.addOverride({
  files: ['examples/**/*.ts', 'scripts/**/*.ts'],
  parserOptions: { projectService: false, project: './test/tsconfig.json' },
} as any);
// The bundled handlers import @aws-sdk/* (a devDependency here; the Lambda runtime provides it).
project.eslint?.addOverride({
  files: ['src/operations/runtime/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }] },
});

// Quick start, command 1: synthesize the example app into cdk.out/ and summarize it.
const example = project.addTask('example', {
  description: 'Synthesize examples/app.ts into cdk.out/ and print its stacks and App Runner resources',
  env: { CDK_OUTDIR: 'cdk.out', TMPDIR: tmpdir },
});
example.spawn(project.bundler.bundleTask);
example.exec('rm -rf cdk.out');
example.exec('ts-node --project test/tsconfig.json examples/app.ts');
example.exec('ts-node --project test/tsconfig.json scripts/summarize-assembly.ts cdk.out');

// Synthesis benchmark (issue: proof): not a timed test, a script that prints figures.
project.addTask('bench', {
  description: 'Synthesis CPU time of N services with this library vs raw CfnService; handler bundle size and cold require',
  env: { TMPDIR: tmpdir, TS_NODE_PROJECT: 'test/tsconfig.json' },
  steps: [
    { spawn: project.bundler.bundleTask.name },
    // --expose-gc: each round starts after a full collection, so one side does not pay for
    // the other's garbage; --single-threaded-gc: all GC work is on the measured thread
    { exec: 'node --expose-gc --single-threaded-gc -r ts-node/register scripts/bench.ts' },
  ],
});

// Integration tests (test/integ.*.ts, @aws-cdk/integ-tests-alpha): a maintainer with an AWS
// account deploys them with `npx integ-runner --language typescript --update-on-failed`; here
// they run snapshot-only: `integ` fails when a committed snapshot is out of date (integ-runner
// would then try to deploy), `integ:update` rewrites the snapshots without deploying.
const integEnv = { TS_NODE_TRANSPILE_ONLY: 'true', TMPDIR: tmpdir };
project.addTask('integ', {
  description: 'Check that the integration test snapshots are current (no deployment)',
  env: integEnv,
  steps: [{ spawn: project.bundler.bundleTask.name }, { exec: 'integ-runner --language typescript --max-workers 2' }],
});
project.addTask('integ:update', {
  description: 'Rewrite the integration test snapshots (synthesis only, no deployment)',
  env: integEnv,
  steps: [{ spawn: project.bundler.bundleTask.name }, { exec: 'integ-runner --language typescript --max-workers 2 --dry-run --update-on-failed --force' }],
});

// Other languages: only the JS package builds offline; the Python, Java, .NET and Go sources
// are generated (and the Python ones byte-compiled) to prove the jsii API translates.
project.addTask('package:code-only', {
  description: 'Generate the Python, Java, .NET and Go sources with jsii-pacmak --code-only into .tmp/pacmak',
  steps: [
    { exec: 'rm -rf .tmp/pacmak' },
    { exec: 'jsii-pacmak --code-only --target python --target java --target dotnet --target go -o .tmp/pacmak' },
    { exec: 'python3 -m compileall -q .tmp/pacmak/python/src' },
    { exec: 'test -f .tmp/pacmak/java/src/main/java/io/github/cdkapprunnerkit/Service.java && test -f .tmp/pacmak/dotnet/CdkAppRunnerKit/CdkAppRunnerKit/Service.cs && test -f .tmp/pacmak/go/cdkapprunnerkit/Service.go' },
  ],
});

project.synth();
