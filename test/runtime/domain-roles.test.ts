/**
 * The custom-domain handler's domain roles (issue 11 point 5): which role it assumes for which
 * service, the retries for its own service's role (a role just created), the fallback to its own
 * role for another service's (a domain declared by an earlier version, without domain roles),
 * one session per role and invocation, and templates without `RoleArnPrefix`.
 */
import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { Route53Client } from '@aws-sdk/client-route-53';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { App, Stack } from 'aws-cdk-lib';
import { domainRoleArnPrefixOfStackId } from '../../src/operations/domain-role-name';
import { domainRoleArnPrefix } from '../../src/operations/domain-roles';
import { DomainClients, DomainRoles, RoleSource, TemporaryCredentials } from '../../src/operations/runtime/domain-roles';

const PREFIX = 'arn:aws:iam::123456789012:role/cdk-apprunner-kit/apprunner-kit-0123abcd-';
const OWN = 'arn:aws:apprunner:us-east-1:123456789012:service/web/11111111111111111111111111111111';
const OTHER = 'arn:aws:apprunner:us-east-1:123456789012:service/api/22222222222222222222222222222222';

class FakeSource implements RoleSource {
  public readonly own: DomainClients = { appRunner: new AppRunnerClient({ region: 'us-east-1' }), route53: new Route53Client({ region: 'us-east-1' }) };
  public readonly assumed: string[] = [];
  public readonly issued: TemporaryCredentials[] = [];
  /** Role ARN → how many AssumeRole calls are denied before one is allowed (Infinity: always). */
  public denials = new Map<string, number>();
  public readonly sts = {
    send: async (command: AssumeRoleCommand) => {
      const arn = command.input.RoleArn!;
      this.assumed.push(arn);
      expect(command.input.RoleSessionName).toBe('apprunner-kit-custom-domain');
      const left = this.denials.get(arn) ?? 0;
      if (left > 0) {
        this.denials.set(arn, left - 1);
        throw Object.assign(new Error(`User: x is not authorized to perform: sts:AssumeRole on resource: ${arn}`), { name: 'AccessDenied' });
      }
      const n = this.assumed.length;
      return { Credentials: { AccessKeyId: `ASIA${n}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(this.clock + 900_000) } };
    },
  } as unknown as STSClient;

  public clock = 1_000_000;

  public clientsWith(credentials: TemporaryCredentials): DomainClients {
    this.issued.push(credentials);
    return { appRunner: new AppRunnerClient({ region: 'us-east-1', credentials }), route53: new Route53Client({ region: 'us-east-1', credentials }) };
  }
}

describe('DomainRoles', () => {
  const roles = (source: FakeSource, sleeps: number[] = [], prefix: string | undefined = PREFIX) =>
    new DomainRoles(source, prefix, OWN, undefined, async (ms) => { sleeps.push(ms); });

  test('the role of a service is the prefix and the service\'s ID; its clients sign with the assumed credentials', async () => {
    const source = new FakeSource();
    const clients = await roles(source).of(OWN);
    expect(source.assumed).toEqual([`${PREFIX}11111111111111111111111111111111`]);
    expect(clients).not.toBe(source.own);
    expect(source.issued).toEqual([{ accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't', expiration: new Date(1_900_000) }]);
    const other = await roles(source).of(OTHER);
    expect(source.assumed[1]).toBe(`${PREFIX}22222222222222222222222222222222`);
    expect(other).not.toBe(clients);
  });

  test('one session per role and invocation: reused within it (also by concurrent calls), never by the next invocation', async () => {
    const source = new FakeSource();
    const invocation = roles(source);
    const [first, again] = await Promise.all([invocation.of(OWN), invocation.of(OWN)]);
    expect(again).toBe(first);
    expect(await invocation.of(OWN)).toBe(first);
    expect(source.assumed).toHaveLength(1);
    // the next invocation: a role deleted and created again under the same name would refuse the old session
    expect(await roles(source).of(OWN)).not.toBe(first);
    expect(source.assumed).toHaveLength(2);
  });

  test('a failed attempt is not kept: the next call of the invocation tries again', async () => {
    const source = new FakeSource();
    let calls = 0;
    const send = source.sts.send.bind(source.sts);
    (source.sts as any).send = async (command: AssumeRoleCommand) => {
      if (++calls === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
      return send(command);
    };
    const invocation = roles(source);
    await expect(invocation.of(OTHER)).rejects.toThrow('Rate exceeded');
    expect(await invocation.of(OTHER)).not.toBe(source.own);
  });

  test('the own service\'s role, not assumable yet: retried (26 s at most), then assumed', async () => {
    const source = new FakeSource();
    source.denials.set(`${PREFIX}11111111111111111111111111111111`, 6);
    const sleeps: number[] = [];
    const clients = await roles(source, sleeps).of(OWN);
    expect(clients).not.toBe(source.own);
    expect(sleeps).toEqual([1000, 2000, 3000, 5000, 7000, 8000]);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(26_000);
  });

  test('the own service\'s role never assumable: the operation fails, saying which role', async () => {
    const source = new FakeSource();
    source.denials.set(`${PREFIX}11111111111111111111111111111111`, Infinity);
    await expect(roles(source).of(OWN)).rejects.toThrow(
      /^Cannot assume the custom-domain role arn:aws:iam::123456789012:role\/cdk-apprunner-kit\/apprunner-kit-0123abcd-11111111111111111111111111111111 of .*service\/web\/1{32} \(User: x is not authorized/);
    expect(source.assumed).toHaveLength(7);
  });

  test('another service\'s role not assumable (a domain of an earlier version): the handler\'s own clients, at once', async () => {
    const source = new FakeSource();
    source.denials.set(`${PREFIX}22222222222222222222222222222222`, Infinity);
    const sleeps: number[] = [];
    expect(await roles(source, sleeps).of(OTHER)).toBe(source.own);
    expect(sleeps).toEqual([]);
    expect(source.assumed).toHaveLength(1);
  });

  test('a template without RoleArnPrefix (an earlier version), or an ARN without a service ID: the handler\'s own clients, no STS call', async () => {
    const source = new FakeSource();
    expect(await new DomainRoles(source, undefined, OWN).of(OWN)).toBe(source.own);
    expect(await roles(source).of('arn:aws:apprunner:us-east-1:123456789012:service/web')).toBe(source.own);
    expect(source.assumed).toEqual([]);
  });

  test('other STS errors are not swallowed', async () => {
    const source = new FakeSource();
    (source.sts as any).send = async () => { throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }); };
    await expect(roles(source).of(OTHER)).rejects.toThrow('Rate exceeded');
  });

  test('an earlier version\'s custom domain (no RoleArnPrefix): its own service with the handler\'s role; another service with that service\'s role, '
    + 'named from the stack\'s ID as the constructs name it', async () => {
    const source = new FakeSource();
    const stackId = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Web-Prod/4a6a8c10-0000-4000-8000-000000000000';
    const fallback = domainRoleArnPrefixOfStackId(stackId)!;
    expect(fallback).toBe('arn:aws:iam::123456789012:role/cdk-apprunner-kit/apprunner-kit-4a6a8c10-');
    const legacy = new DomainRoles(source, undefined, OWN, fallback);
    expect(await legacy.of(OWN)).toBe(source.own);
    expect(await legacy.of(OTHER)).not.toBe(source.own);
    expect(source.assumed).toEqual([`${fallback}22222222222222222222222222222222`]);
    // the constructs' prefix, resolved as CloudFormation does with that stack ID
    const stack = new Stack(new App(), 'Id', { env: { account: '123456789012', region: 'us-east-1' } });
    const resolve = (v: any): string => {
      if (typeof v === 'string') return v;
      if (v.Ref) return ({ 'AWS::Partition': 'aws', 'AWS::AccountId': '123456789012', 'AWS::StackId': stackId } as any)[v.Ref];
      if (v['Fn::Join']) return v['Fn::Join'][1].map(resolve).join(v['Fn::Join'][0]);
      if (v['Fn::Split']) return resolve(v['Fn::Split'][1]).split(v['Fn::Split'][0]) as any;
      if (v['Fn::Select']) return (resolve(v['Fn::Select'][1]) as any)[v['Fn::Select'][0]];
      throw new Error(JSON.stringify(v));
    };
    expect(resolve(stack.resolve(domainRoleArnPrefix()))).toBe(fallback);
    expect(domainRoleArnPrefixOfStackId('arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/Other/4a6a8c10-1111-4000-8000-000000000000'))
      .toBe('arn:aws-cn:iam::123456789012:role/cdk-apprunner-kit/apprunner-kit-4a6a8c10-');
    expect(domainRoleArnPrefixOfStackId('not-a-stack-id')).toBeUndefined();
  });
});
