/**
 * Drop-in proof: for each scenario, this library synthesizes the same template as
 * @aws-cdk/aws-apprunner-alpha (golden files from scripts/generate-alpha-golden.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { buildScenario, normalizeTemplate, SCENARIOS, ScenarioModules } from './scenarios';
import * as ar from '../../src';
import { assertAppRunnerSchemas } from '../support/cfn-schema';

const GOLDEN = path.join(__dirname, '..', 'fixtures', 'alpha-golden');
const modules: ScenarioModules = { ar, cdk, ecr, ecrAssets, iam, kms, secretsmanager, ssm, ec2 };

describe('templates match @aws-cdk/aws-apprunner-alpha', () => {
  test('golden files exist for every scenario', () => {
    const files = fs.readdirSync(GOLDEN).filter((f) => f.endsWith('.template.json')).sort();
    expect(files).toEqual(Object.keys(SCENARIOS).map((n) => `${n}.template.json`).sort());
    expect(fs.readFileSync(path.join(GOLDEN, 'VERSION'), 'utf8')).toMatch(/aws-apprunner-alpha 2\.268\.0-alpha\.0/);
  });

  test.each(Object.keys(SCENARIOS))('%s', (name) => {
    const ours = normalizeTemplate(buildScenario(name, modules));
    const golden = JSON.parse(fs.readFileSync(path.join(GOLDEN, `${name}.template.json`), 'utf8'));
    assertAppRunnerSchemas(ours, name);
    expect(ours).toEqual(golden);
  });

  test('the comparison is not vacuous: a changed prop changes the template', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'S');
    new ar.Service(stack, 'Service', {
      source: ar.Source.fromEcrPublic({
        imageConfiguration: { port: 8001 },
        imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest',
      }),
    });
    const golden = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'ecr-public-minimal.template.json'), 'utf8'));
    expect(normalizeTemplate(Template.fromStack(stack).toJSON())).not.toEqual(golden);
  });
});
