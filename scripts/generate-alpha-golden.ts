/**
 * Regenerate test/fixtures/alpha-golden/*.template.json: the templates that
 * @aws-cdk/aws-apprunner-alpha synthesizes for the scenarios in test/compat/scenarios.ts.
 *
 * Not part of the build (it needs the alpha module, which this package does not depend on):
 *
 *   mkdir -p /tmp/alpha && cd /tmp/alpha && npm init -y && \
 *     npm i @aws-cdk/aws-apprunner-alpha@2.268.0-alpha.0 aws-cdk-lib@2.268.0 constructs@^10
 *   ALPHA_NODE_MODULES=/tmp/alpha/node_modules npx ts-node --project test/tsconfig.json scripts/generate-alpha-golden.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildScenario, normalizeTemplate, SCENARIOS, ScenarioModules } from '../test/compat/scenarios';

const dir = process.env.ALPHA_NODE_MODULES;
if (!dir) {
  console.error('set ALPHA_NODE_MODULES to a node_modules folder holding @aws-cdk/aws-apprunner-alpha and its aws-cdk-lib');
  process.exit(2);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- modules from another node_modules, by path
const load = (name: string) => require(path.join(dir, name));
const modules: ScenarioModules = {
  ar: load('@aws-cdk/aws-apprunner-alpha'),
  cdk: load('aws-cdk-lib'),
  ecr: load('aws-cdk-lib/aws-ecr'),
  ecrAssets: load('aws-cdk-lib/aws-ecr-assets'),
  iam: load('aws-cdk-lib/aws-iam'),
  kms: load('aws-cdk-lib/aws-kms'),
  secretsmanager: load('aws-cdk-lib/aws-secretsmanager'),
  ssm: load('aws-cdk-lib/aws-ssm'),
  ec2: load('aws-cdk-lib/aws-ec2'),
};
const out = path.join(__dirname, '..', 'test', 'fixtures', 'alpha-golden');
fs.mkdirSync(out, { recursive: true });
const version = load('@aws-cdk/aws-apprunner-alpha/package.json').version;
for (const name of Object.keys(SCENARIOS)) {
  const template = normalizeTemplate(buildScenario(name, modules));
  fs.writeFileSync(path.join(out, `${name}.template.json`), JSON.stringify(template, null, 1) + '\n');
  console.log(`${name}: ${Object.keys(template.Resources ?? {}).length} resources`);
}
fs.writeFileSync(path.join(out, 'VERSION'), `@aws-cdk/aws-apprunner-alpha ${version}\n`);
