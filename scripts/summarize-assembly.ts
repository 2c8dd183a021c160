/**
 * Print a short summary of a synthesized cloud assembly: its stacks, their App Runner
 * resources, and the result of the registry-schema check of those resources.
 * Exits 1 when a schema problem is found.
 *
 *   ts-node scripts/summarize-assembly.ts cdk.out
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkAppRunnerResources, formatProblem } from '../test/support/cfn-schema';

interface StackSummary {
  readonly name: string;
  readonly resources: number;
  readonly appRunner: Array<{ id: string; type: string; detail: string }>;
  readonly problems: string[];
}

/** What to show of each App Runner resource. */
function detail(type: string, props: any): string {
  const show = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '-' : JSON.stringify(v).slice(0, 60));
  switch (type) {
    case 'AWS::AppRunner::Service': {
      const image = props.SourceConfiguration?.ImageRepository;
      const code = props.SourceConfiguration?.CodeRepository;
      const source = image ? `${image.ImageRepositoryType} image` : code ? `code ${show(code.RepositoryUrl)}` : '?';
      const cpu = props.InstanceConfiguration?.Cpu ?? '1 vCPU';
      const memory = props.InstanceConfiguration?.Memory ?? '2 GB';
      const egress = props.NetworkConfiguration?.EgressConfiguration?.EgressType ?? 'DEFAULT';
      const pub = props.NetworkConfiguration?.IngressConfiguration?.IsPubliclyAccessible === false ? 'private' : 'public';
      return `${source}, ${cpu}/${memory}, egress ${egress}, ${pub}`;
    }
    case 'AWS::AppRunner::AutoScalingConfiguration':
      return `${show(props.AutoScalingConfigurationName)}: size ${props.MinSize ?? 1}-${props.MaxSize ?? 25}, concurrency ${props.MaxConcurrency ?? 100}`;
    case 'AWS::AppRunner::ObservabilityConfiguration':
      return `${show(props.ObservabilityConfigurationName)}: trace ${props.TraceConfiguration?.Vendor ?? '-'}`;
    case 'AWS::AppRunner::VpcConnector':
      return `${show(props.VpcConnectorName)}: ${props.Subnets?.length ?? 0} subnets, ${props.SecurityGroups?.length ?? 0} security groups`;
    case 'AWS::AppRunner::VpcIngressConnection':
      return `${show(props.VpcIngressConnectionName)}`;
    case 'Custom::AppRunnerCustomDomain':
      return `${show(props.DomainName)} (${props.RecordMode === 'NONE' ? 'DNS elsewhere' : `${props.RecordMode} in Route 53`}${props.WaitForActive === 'true' ? ', waits for active' : ''})`;
    case 'Custom::AppRunnerRunState':
      return props.Paused === 'true' ? 'paused after each deployment' : 'running after each deployment';
    case 'Custom::AppRunnerDeployment':
      return `redeploy when ${show(props.Trigger).slice(0, 16)}… changes`;
    case 'Custom::AppRunnerRollbackCheck':
      return 'fails the stack when App Runner rolls back';
    case 'Custom::AppRunnerPreUpdateResume':
      return 'resumes a paused service before its update';
    case 'Custom::AppRunnerDefaultAutoScaling':
      return 'account default auto scaling configuration';
    default:
      return '';
  }
}

function summarize(outdir: string): StackSummary[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const summaries: StackSummary[] = [];
  for (const [name, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const template = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf8'));
    const resources = Object.entries<any>(template.Resources ?? {});
    summaries.push({
      name,
      resources: resources.length,
      appRunner: resources
        .filter(([, r]) => String(r.Type).startsWith('AWS::AppRunner::') || String(r.Type).startsWith('Custom::AppRunner'))
        .map(([id, r]) => ({ id, type: r.Type, detail: detail(r.Type, r.Properties ?? {}) })),
      problems: checkAppRunnerResources(template).map(formatProblem),
    });
  }
  return summaries;
}

const outdir = process.argv[2] ?? 'cdk.out';
const stacks = summarize(outdir);
let problems = 0;
console.log(`Cloud assembly ${outdir}: ${stacks.length} stacks`);
for (const stack of stacks) {
  console.log(`\n${stack.name} (${stack.resources} resources, ${stack.appRunner.length} App Runner)`);
  for (const r of stack.appRunner) {
    console.log(`  ${r.type.padEnd(44)} ${r.id.padEnd(38)} ${r.detail}`);
  }
  for (const p of stack.problems) console.log(`  SCHEMA PROBLEM: ${p}`);
  problems += stack.problems.length;
}
const total = stacks.reduce((n, s) => n + s.appRunner.filter((r) => r.type.startsWith('AWS::AppRunner::')).length, 0);
console.log(`\nRegistry-schema check: ${total} AWS::AppRunner::* resources, ${problems} problems`);
process.exitCode = problems > 0 ? 1 : 0;
