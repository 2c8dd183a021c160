/**
 * The contract between the constructs and the handlers (src/operations/contract.ts): the
 * README's "Handler contract" table lists exactly its types, properties and attributes; the
 * handlers serve exactly its types; every custom resource the constructs synthesize has the
 * properties of its type (the required ones, and nothing else). The `@ts-expect-error` lines
 * prove that misspelt names do not compile (checked by `tsc -p test/tsconfig.json`, which
 * fails when such a line compiles).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  AutoScalingConfiguration, ConfigurationSourceType, Connection, ConnectionProviderType, CustomDomain, DomainCutover, EcsExpressTwin, Service, Source,
  TrafficSplit,
} from '../../src';
import {
  COMMON_PROPERTIES, CONTRACT, CustomDomainData, CustomResourceType, DeploymentProperties, Presence, RUN_STATE_TYPE, RunStateData, RunStateProperties,
} from '../../src/operations/contract';
import { RESOURCE_TYPES } from '../../src/operations/runtime';
import { Props } from '../../src/operations/runtime/props';
import { newStack, synth } from '../support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const TYPES = Object.keys(CONTRACT).sort() as CustomResourceType[];

/** One row of the README's table: the type, its properties (name: presence) and attributes. */
interface Row {
  readonly type: string;
  readonly properties: { [name: string]: Presence };
  readonly attributes: string[];
}

/** The "Handler contract" section of the README. */
function handlerContractSection(): string {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
  const start = readme.indexOf('\n### Handler contract\n');
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = readme.slice(start + 1);
  const end = rest.slice(1).search(/\n#{1,3} /);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

/** The names in a cell: backticked identifiers, `?` after one marks it optional; parentheses explain values. */
function names(cell: string): { name: string; optional: boolean }[] {
  return [...cell.replace(/\([^)]*\)/g, '').matchAll(/`([A-Za-z][A-Za-z0-9{}]*)`(\?)?/g)].map((m) => ({ name: m[1], optional: m[2] === '?' }));
}

function tableRows(section: string): Row[] {
  const lines = section.split('\n').filter((l) => l.startsWith('| `Custom::'));
  return lines.map((line) => {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    expect(cells).toHaveLength(3);
    const properties: { [name: string]: Presence } = {};
    for (const p of names(cells[1])) properties[p.name] = p.optional ? 'optional' : 'required';
    return { type: /^`([^`]+)`$/.exec(cells[0])![1], properties, attributes: cells[2] === '–' ? [] : names(cells[2]).map((a) => a.name) };
  });
}

describe('the README\'s handler-contract table', () => {
  const section = handlerContractSection();
  const rows = tableRows(section);

  test('lists exactly the contract\'s types, once each', () => {
    expect(rows.map((r) => r.type).sort()).toEqual(TYPES);
  });

  test.each(TYPES)('%s: its properties (required, or optional with `?`) and attributes', (type) => {
    const row = rows.find((r) => r.type === type)!;
    expect(row.properties).toEqual(CONTRACT[type].properties);
    expect(row.attributes).toEqual(CONTRACT[type].attributes);
  });

  test('the properties every type takes are said once for all', () => {
    for (const name of Object.keys(COMMON_PROPERTIES)) expect(section).toContain(`Every resource also takes \`${name}\``);
  });
});

test('the handlers serve exactly the contract\'s types', () => {
  expect([...RESOURCE_TYPES].sort()).toEqual(TYPES);
});

describe('the templates', () => {
  /** A stack with every custom resource type, each optional property present somewhere and absent somewhere. */
  function everyType(): Stack {
    const stack = newStack();
    const flag = new CfnParameter(stack, 'Flag', { default: 'off' });
    // deploy-time values: DeployTimeValues on the run state, pre-update resume and rollback check
    const web = new Service(stack, 'Web', {
      source: Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { environmentVariables: { FLAG: flag.valueAsString } } }),
      paused: true,
      redeploy: 'v1',
      failOnRollback: true,
    });
    // none: no DeployTimeValues
    const api = new Service(stack, 'Api', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), paused: false, failOnRollback: true });
    new AutoScalingConfiguration(stack, 'Scaling', { isDefault: true, minSize: 1 });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123EXAMPLE', zoneName: 'example.com' });
    // apex (AliasHostedZoneId), subdomain with a timeout (TimeoutSeconds given), no zone (no HostedZoneId)
    const webDomain = web.addCustomDomain({ domainName: 'example.com', hostedZone: zone });
    new CustomDomain(stack, 'ApiDomain', { service: api, domainName: 'api.example.com', hostedZone: zone, timeout: Duration.minutes(10) });
    api.addCustomDomain({ domainName: 'api.example.org' });
    // issue 12 part 1: Custom::AppRunnerTags
    new Service(stack, 'Tagged', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), tagsInPlace: true });
    // issue 12 part 2: Custom::AppRunnerConnection (with and without tags), Custom::AppRunnerConnectionCheck (a service's check, a look-up by name)
    const github = new Connection(stack, 'GitHub', { connectionName: 'contract-github', providerType: ConnectionProviderType.GITHUB, tags: { team: 'web' } });
    new Connection(stack, 'Bitbucket', { connectionName: 'contract-bitbucket', providerType: ConnectionProviderType.BITBUCKET });
    new Service(stack, 'FromGitHub', {
      source: Source.fromGitHub({ repositoryUrl: 'https://github.com/acme/web', configurationSource: ConfigurationSourceType.REPOSITORY, connection: github }),
    });
    Connection.fromConnectionName(stack, 'ByName', 'contract-lookup');
    // issue 13: Custom::AppRunnerExpressDomain, and RoutingWeight on the custom domain it moves
    new DomainCutover(stack, 'Cutover', { twin: new EcsExpressTwin(stack, 'Twin', { service: web }), customDomain: webDomain, split: TrafficSplit.HALF });
    return stack;
  }

  test('every custom resource has the required properties of its type and nothing outside the contract', () => {
    const resources = Object.values<any>(synth(everyType()).toJSON().Resources).filter((r) => String(r.Type).startsWith('Custom::'));
    const seen = new Map<string, Set<string>>();
    for (const resource of resources) {
      const type = resource.Type as CustomResourceType;
      expect(TYPES).toContain(type);
      const own = CONTRACT[type].properties as { [name: string]: Presence };
      const allowed = { ...own, ...COMMON_PROPERTIES } as { [name: string]: Presence };
      const keys = Object.keys(resource.Properties).filter((k) => k !== 'ServiceToken');
      expect({ type, missing: Object.keys(own).filter((k) => own[k] === 'required' && !keys.includes(k)) }).toEqual({ type, missing: [] });
      expect({ type, outside: keys.filter((k) => !(k in allowed)) }).toEqual({ type, outside: [] });
      const found = seen.get(type) ?? new Set<string>();
      keys.forEach((k) => found.add(k));
      seen.set(type, found);
    }
    // the stack covers every type and every property (optional ones too): none is dead in the contract
    expect([...seen.keys()].sort()).toEqual(TYPES);
    for (const type of TYPES) {
      const declared = Object.keys({ ...CONTRACT[type].properties, ...COMMON_PROPERTIES }).sort();
      expect({ type, found: [...seen.get(type)!].sort() }).toEqual({ type, found: declared });
    }
  });

  test('optional properties are left out where they do not apply', () => {
    const resources = Object.values<any>(synth(everyType()).toJSON().Resources).filter((r) => String(r.Type).startsWith('Custom::'));
    const absent = (type: string, name: string) => resources.filter((r) => r.Type === type).some((r) => !(name in r.Properties));
    for (const type of TYPES) {
      for (const [name, presence] of Object.entries<Presence>(CONTRACT[type].properties as { [name: string]: Presence })) {
        if (presence === 'optional') expect({ type, name, absentSomewhere: absent(type, name) }).toEqual({ type, name, absentSomewhere: true });
      }
    }
  });
});

describe('what the compiler catches', () => {
  test('a misspelt or missing property of the construct side', () => {
    // @ts-expect-error Trigger is missing
    const missing: DeploymentProperties = { ServiceArn: 'arn' };
    // @ts-expect-error ServiceARN is not a property of the run state
    const misspelt: RunStateProperties = { ServiceARN: 'arn', Paused: 'true', ConfigHash: 'h' };
    expect([missing, misspelt]).toHaveLength(2);
    expect(RUN_STATE_TYPE).toBe('Custom::AppRunnerRunState');
  });

  test('a handler reading a name outside its properties, or requiring an optional one', () => {
    const props = new Props<RunStateProperties>(RUN_STATE_TYPE, { ServiceArn: 'arn', Paused: 'true', ConfigHash: 'h' });
    expect(props.string('ServiceArn')).toBe('arn');
    // @ts-expect-error Servicearn is not a property of the run state (at run time: absent)
    expect(() => props.string('Servicearn')).toThrow('Custom::AppRunnerRunState: property Servicearn is required, got undefined');
    // @ts-expect-error DeployTimeValues is optional: `string` (which fails when absent) takes required ones only
    expect(() => props.string('DeployTimeValues')).toThrow('property DeployTimeValues is required');
    expect(props.optionalString('DeployTimeValues')).toBeUndefined();
  });

  test('a misspelt Data key', () => {
    // @ts-expect-error Don is not a key of the run state's Data
    const data: RunStateData = { Don: 'true' };
    const domain: CustomDomainData = { Mode: 'REMOVE', ValidationRecord0Name: '_x.example.com' };
    // @ts-expect-error a delete mode that the custom-domain handler does not know
    const mode: CustomDomainData = { Mode: 'DELETE' };
    expect([data, domain, mode]).toHaveLength(3);
  });
});
