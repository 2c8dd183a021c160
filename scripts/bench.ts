/**
 * Synthesis benchmark: one stack with N services (ECR source, environment variables, a
 * secret, an HTTP health check, auto scaling, a VPC connector), built with this library and
 * with the same template written with raw CfnService, run alternately in one process.
 * Prints the CPU-time ratio per N, peak memory, and the handler bundle's size and cold
 * `require` time.
 *
 *   npm run bench                 # N = 10, 50, 200; max(5, 1000/N) rounds each
 *   BENCH_ROUNDS=9 BENCH_SIZES=10,50 npm run bench
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { CfnAutoScalingConfiguration, CfnService, CfnVpcConnector } from 'aws-cdk-lib/aws-apprunner';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AutoScalingConfiguration, HealthCheck, Secret, Service, Source, VpcConnector } from '../src';

const ENV = { account: '123456789012', region: 'us-east-1' };
/** N = 200 services exceed CloudFormation's 500 resources per stack: synthesis only, so lift the check. */
const NO_LIMIT = { '@aws-cdk/core:stackResourceLimit': 0 };

function shared(stack: Stack) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'app');
  const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf');
  return { vpc, repository, secret };
}

/** The library version of the stack. */
export function withLibrary(n: number): void {
  const app = new App({ outdir: fs.mkdtempSync(path.join(tmp(), 'lib-')), context: NO_LIMIT });
  const stack = new Stack(app, 'Bench', { env: ENV });
  const { vpc, repository, secret } = shared(stack);
  const scaling = new AutoScalingConfiguration(stack, 'Scaling', { minSize: 1, maxSize: 5, maxConcurrency: 50 });
  const connector = new VpcConnector(stack, 'Connector', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
  for (let i = 0; i < n; i++) {
    new Service(stack, `Service${i}`, {
      source: Source.fromEcr({
        repository,
        tagOrDigest: `v${i}`,
        imageConfiguration: {
          port: 8080,
          environmentVariables: { INDEX: String(i), STAGE: 'bench' },
          environmentSecrets: { DB_PASSWORD: Secret.fromSecretsManager(secret, 'password') },
        },
      }),
      healthCheck: HealthCheck.http({ path: '/health', interval: Duration.seconds(10) }),
      autoScalingConfiguration: scaling,
      vpcConnector: connector,
    });
  }
  app.synth();
}

/** The same template with raw L1 constructs (roles and grants written by hand). */
export function withRawCfn(n: number): void {
  const app = new App({ outdir: fs.mkdtempSync(path.join(tmp(), 'raw-')), context: NO_LIMIT });
  const stack = new Stack(app, 'Bench', { env: ENV });
  const { vpc, repository, secret } = shared(stack);
  const scaling = new CfnAutoScalingConfiguration(stack, 'Scaling', { minSize: 1, maxSize: 5, maxConcurrency: 50 });
  const sg = new ec2.SecurityGroup(stack, 'ConnectorSg', { vpc });
  const connector = new CfnVpcConnector(stack, 'Connector', {
    subnets: vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
    securityGroups: [sg.securityGroupId],
  });
  for (let i = 0; i < n; i++) {
    const instanceRole = new iam.Role(stack, `Service${i}InstanceRole`, { assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com') });
    const accessRole = new iam.Role(stack, `Service${i}AccessRole`, { assumedBy: new iam.ServicePrincipal('build.apprunner.amazonaws.com') });
    accessRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
    repository.grantPull(accessRole);
    repository.grant(accessRole, 'ecr:DescribeImages');
    secret.grantRead(instanceRole);
    new CfnService(stack, `Service${i}`, {
      instanceConfiguration: { instanceRoleArn: instanceRole.roleArn },
      sourceConfiguration: {
        authenticationConfiguration: { accessRoleArn: accessRole.roleArn },
        imageRepository: {
          imageIdentifier: repository.repositoryUriForTagOrDigest(`v${i}`),
          imageRepositoryType: 'ECR',
          imageConfiguration: {
            port: '8080',
            runtimeEnvironmentVariables: [{ name: 'INDEX', value: String(i) }, { name: 'STAGE', value: 'bench' }],
            runtimeEnvironmentSecrets: [{ name: 'DB_PASSWORD', value: `${secret.secretArn}:password::` }],
          },
        },
      },
      healthCheckConfiguration: { protocol: 'HTTP', path: '/health', interval: 10, timeout: 2, healthyThreshold: 1, unhealthyThreshold: 5 },
      autoScalingConfigurationArn: scaling.attrAutoScalingConfigurationArn,
      networkConfiguration: { egressConfiguration: { egressType: 'VPC', vpcConnectorArn: connector.attrVpcConnectorArn } },
    });
  }
  app.synth();
}

function tmp(): string {
  const dir = path.join(process.cwd(), '.tmp', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** CPU time (user + system, ms) of one call, after collecting the previous rounds' garbage. */
function cpuMs(fn: () => void): number {
  (global as any).gc?.();
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function bundleFigures(): string {
  // the two bundles (projen's lambdaAutoDiscover: one per entry point) share their sources
  return ['on-event.lambda', 'is-complete.lambda'].map((name) => {
    const bundle = path.join(__dirname, '..', 'assets', 'operations', 'functions', name, 'index.js');
    if (!fs.existsSync(bundle)) return `handler bundle ${name}: not built (run \`npx projen bundle\`)`;
    const size = fs.statSync(bundle).size;
    // cold require in a fresh process (the Lambda runtime provides @aws-sdk/*; here it comes from node_modules)
    const script = `const t=process.hrtime.bigint();require(${JSON.stringify(bundle)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
    const times = [1, 2, 3].map(() => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()));
    return `handler bundle ${name}/index.js: ${(size / 1024).toFixed(1)} KiB (${size} bytes), `
      + `cold require median ${median(times).toFixed(1)} ms (${times.map((t) => t.toFixed(1)).join(', ')})`;
  }).join('\n');
}

function main(): void {
  const sizes = (process.env.BENCH_SIZES ?? '10,50,200').split(',').map(Number);
  // small stacks synthesize in tens of milliseconds, where GC pauses dominate a few samples:
  // more rounds for smaller N (at least 5, about 1,000 services synthesized per side and N)
  const roundsFor = (n: number) => Number(process.env.BENCH_ROUNDS ?? Math.max(5, Math.ceil(1000 / n)));
  // warm up both paths (module loading, JIT) before measuring
  withLibrary(2);
  withRawCfn(2);
  console.log('synthesis CPU time, median of alternating rounds (library vs raw CfnService)');
  console.log('N      rounds   library ms   raw ms   ratio');
  for (const n of sizes) {
    const rounds = roundsFor(n);
    const lib: number[] = [];
    const raw: number[] = [];
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) {
        lib.push(cpuMs(() => withLibrary(n)));
        raw.push(cpuMs(() => withRawCfn(n)));
      } else {
        raw.push(cpuMs(() => withRawCfn(n)));
        lib.push(cpuMs(() => withLibrary(n)));
      }
    }
    const ratio = median(lib) / median(raw);
    console.log(`${String(n).padEnd(6)} ${String(rounds).padStart(6)} ${median(lib).toFixed(0).padStart(12)} ${median(raw).toFixed(0).padStart(8)}   ${ratio.toFixed(3)}×`);
  }
  console.log(`peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  console.log(bundleFigures());
  fs.rmSync(tmp(), { recursive: true, force: true });
}

if (require.main === module) main();
