/** The registry-schema check used on every synthesized template finds real problems. */
import * as fs from 'fs';
import * as path from 'path';
import { App, Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnService } from 'aws-cdk-lib/aws-apprunner';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { checkAppRunnerResources, formatProblem, schemaCheckStats } from './support/cfn-schema';

function template(resources: Record<string, unknown>) {
  return { Resources: resources };
}

const validService = {
  Type: 'AWS::AppRunner::Service',
  Properties: {
    SourceConfiguration: {
      ImageRepository: { ImageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest', ImageRepositoryType: 'ECR_PUBLIC' },
    },
    InstanceConfiguration: { Cpu: '1 vCPU', Memory: '2 GB' },
  },
};

describe('registry-schema check', () => {
  test('a valid service has no problems', () => {
    expect(checkAppRunnerResources(template({ S: validService }))).toEqual([]);
  });

  test('an invalid CPU is reported with path and value', () => {
    const bad = JSON.parse(JSON.stringify(validService));
    bad.Properties.InstanceConfiguration.Cpu = '3 vCPU';
    const problems = checkAppRunnerResources(template({ S: bad }));
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^S \(AWS::AppRunner::Service\) Properties\.InstanceConfiguration\.Cpu: must match pattern .*\(got "3 vCPU"\)$/),
    ]);
  });

  test('unknown properties, missing required ones and read-only ones are reported', () => {
    const problems = checkAppRunnerResources(template({
      A: { Type: 'AWS::AppRunner::Service', Properties: { SourceConfiguration: {}, Bogus: 1, ServiceUrl: 'x' } },
      B: { Type: 'AWS::AppRunner::VpcConnector', Properties: {} },
      C: { Type: 'AWS::AppRunner::NoSuchThing', Properties: {} },
    })).map(formatProblem);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringContaining('A (AWS::AppRunner::Service) Properties.ServiceUrl: read-only property'),
      expect.stringContaining('unknown property "Bogus"'),
      expect.stringMatching(/B \(AWS::AppRunner::VpcConnector\) Properties: must have required property 'Subnets'/),
      expect.stringContaining('C (AWS::AppRunner::NoSuchThing) Properties: no registry schema'),
    ]));
  });

  test('intrinsics stand for any value, AWS::NoValue removes the property, CloudFormation scalar conversions pass', () => {
    const t = template({
      S: {
        Type: 'AWS::AppRunner::Service',
        Properties: {
          SourceConfiguration: { ImageRepository: { ImageIdentifier: { 'Fn::GetAtt': ['X', 'Uri'] }, ImageRepositoryType: 'ECR' } },
          HealthCheckConfiguration: { Interval: '5', Timeout: 2 },
          NetworkConfiguration: { IngressConfiguration: { IsPubliclyAccessible: 'true' } },
        },
      },
      V: { Type: 'AWS::AppRunner::VpcConnector', Properties: { Subnets: { Ref: 'AWS::NoValue' } } },
      W: { Type: 'AWS::AppRunner::VpcConnector', Properties: { Subnets: [{ Ref: 'A' }, { Ref: 'B' }] } },
    });
    const problems = checkAppRunnerResources(t).map(formatProblem);
    expect(problems).toEqual([expect.stringMatching(/^V .*must have required property 'Subnets'/)]);
  });

  test('real duplicates in a unique array are still reported', () => {
    const problems = checkAppRunnerResources(template({
      W: { Type: 'AWS::AppRunner::VpcConnector', Properties: { Subnets: ['subnet-1', 'subnet-1'] } },
    })).map(formatProblem);
    expect(problems).toEqual([expect.stringMatching(/^W .*Subnets: must NOT have duplicate items/)]);
  });

  test('other resource types are ignored', () => {
    expect(checkAppRunnerResources(template({ B: { Type: 'AWS::S3::Bucket', Properties: { Nope: true } } }))).toEqual([]);
  });

  test('the global hook checks every Template.fromStack and fails on problems', () => {
    const stack = new Stack(new App(), 'Hooked');
    new CfnService(stack, 'Bad', {
      sourceConfiguration: { imageRepository: { imageIdentifier: 'public.ecr.aws/a/b:c', imageRepositoryType: 'ECR_PUBLIC' } },
      instanceConfiguration: { cpu: '3 vCPU' },
    });
    const before = schemaCheckStats.templates;
    expect(() => Template.fromStack(stack)).toThrow(/registry-schema problem\(s\):\nBad \(AWS::AppRunner::Service\) Properties\.InstanceConfiguration\.Cpu/);
    expect(schemaCheckStats.templates).toBe(before + 1);
  });
});

describe('registry-schema check of AWS::ECS::ExpressGatewayService', () => {
  /** A stack with one Express service that sets only the props CDK requires. */
  function expressStack(extra: Partial<ecs.CfnExpressGatewayServiceProps> = {}) {
    const app = new App();
    const stack = new Stack(app, 'Express');
    const service = new ecs.CfnExpressGatewayService(stack, 'Express', {
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      infrastructureRoleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForExpressServices',
      primaryContainer: { image: 'public.ecr.aws/nginx/nginx:latest' },
      ...extra,
    });
    return { app, stack, service };
  }

  test('a minimal service (required props only) has no problems and is counted', () => {
    const { stack } = expressStack();
    const before = schemaCheckStats.resources;
    const synthesized = Template.fromStack(stack).toJSON(); // the global hook checks it too
    expect(schemaCheckStats.resources).toBe(before + 1);
    expect(checkAppRunnerResources(synthesized)).toEqual([]);
  });

  test('a fuller service with intrinsics has no problems', () => {
    const { stack } = expressStack({
      serviceName: 'twin',
      cluster: 'default',
      cpu: '1024',
      memory: '2048',
      healthCheckPath: '/healthz',
      taskRoleArn: 'arn:aws:iam::123456789012:role/task',
      primaryContainer: {
        image: 'public.ecr.aws/nginx/nginx:latest',
        containerPort: 8080,
        command: ['nginx', '-g', 'daemon off;'],
        environment: [{ name: 'MODE', value: 'express' }],
        secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:t' }],
        awsLogsConfiguration: { logGroup: 'express-logs', logStreamPrefix: 'ecs' },
        repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:r' },
      },
      networkConfiguration: {
        subnets: [Fn.importValue('SubnetA'), Fn.importValue('SubnetB')],
        securityGroups: [Fn.importValue('ExpressSecurityGroup')],
      },
      scalingTarget: { minTaskCount: 1, maxTaskCount: 4, autoScalingMetric: 'REQUEST_COUNT_PER_TARGET', autoScalingTargetValue: 100 },
      tags: [{ key: 'app', value: 'twin' }],
    });
    expect(checkAppRunnerResources(Template.fromStack(stack).toJSON())).toEqual([]);
  });

  test('an unknown property, a wrong type and a bad enum value are reported', () => {
    const { app, service } = expressStack({
      scalingTarget: { minTaskCount: 1, maxTaskCount: 2, autoScalingMetric: 'AVERAGE_LATENCY' },
    });
    service.addPropertyOverride('Bogus', 1);
    service.addPropertyOverride('PrimaryContainer.ContainerPort', 'eighty');
    // not Template.fromStack: its global hook would throw on these problems
    const synthesized = app.synth().getStackByName('Express').template;
    const problems = checkAppRunnerResources(synthesized).map(formatProblem);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Express \(AWS::ECS::ExpressGatewayService\) Properties: unknown property "Bogus"/),
      expect.stringMatching(/^Express .*Properties\.PrimaryContainer\.ContainerPort: must be integer \(got "eighty"\)$/),
      expect.stringMatching(/^Express .*Properties\.ScalingTarget\.AutoScalingMetric: must be equal to one of the allowed values .*REQUEST_COUNT_PER_TARGET.*\(got "AVERAGE_LATENCY"\)$/),
    ]));
    expect(problems).toHaveLength(3);
  });

  test('missing required and read-only properties are reported; the global hook fails on them', () => {
    const problems = checkAppRunnerResources(template({
      E: { Type: 'AWS::ECS::ExpressGatewayService', Properties: { PrimaryContainer: { ContainerPort: 80 }, Endpoint: 'x.example.com' } },
    })).map(formatProblem);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringContaining('E (AWS::ECS::ExpressGatewayService) Properties.Endpoint: read-only property'),
      expect.stringMatching(/^E .*Properties: must have required property 'InfrastructureRoleArn'/),
      expect.stringMatching(/^E .*Properties\.PrimaryContainer: must have required property 'Image'/),
    ]));

    const { stack, service } = expressStack();
    service.addPropertyOverride('Cpu', ['256']);
    expect(() => Template.fromStack(stack)).toThrow(/registry-schema problem\(s\):\nExpress \(AWS::ECS::ExpressGatewayService\) Properties\.Cpu: must be string/);
  });
});

describe('integration test snapshots', () => {
  const dirs = fs.readdirSync(__dirname).filter((d) => d.endsWith('.snapshot'));
  const templates = dirs.flatMap((d) => fs.readdirSync(path.join(__dirname, d))
    .filter((f) => f.endsWith('.template.json')).map((f) => path.join(d, f)));

  test('there are snapshots of the four integration tests', () => {
    expect(dirs.sort()).toEqual(['integ.custom-domain.ts.snapshot', 'integ.operations.ts.snapshot', 'integ.service.ts.snapshot', 'integ.vpc.ts.snapshot']);
    expect(templates.length).toBeGreaterThanOrEqual(8);
  });

  test.each(templates)('%s has no registry-schema problem', (file) => {
    const synthesized = JSON.parse(fs.readFileSync(path.join(__dirname, file), 'utf8'));
    expect(checkAppRunnerResources(synthesized).map(formatProblem)).toEqual([]);
  });
});
