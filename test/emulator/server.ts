/**
 * One HTTP server on 127.0.0.1 (a random port) that answers as App Runner (awsJson1_0),
 * Route 53 (REST-XML), CloudFormation (awsQuery: DescribeStacks, DescribeStackResource,
 * DescribeStackResources, ListStackResources), STS (awsQuery: AssumeRole) and ELB v2 (awsQuery,
 * told apart by the SigV4 scope `elasticloadbalancing`: `elb`, elbv2-fake.ts), so the real AWS SDK
 * clients of the handlers can be pointed at it with AWS_ENDPOINT_URL_ + APPRUNNER, ROUTE_53,
 * CLOUDFORMATION, STS and ELASTIC_LOAD_BALANCING_V2.
 *
 * Credentials: every request's access key id is read from its SigV4 Authorization header
 * (`Credential=AKID/date/region/service/aws4_request`; signatures are not verified) and passed
 * to `authorize` as `ServiceRequest.accessKeyId`. The default credentials
 * (`LoopbackAws.environment`) are DEFAULT_ACCESS_KEY_ID (AKIDLOOPBACK). AssumeRole issues
 * deterministic temporary credentials (AccessKeyId `ASIA` + a 16-digit counter), kept in
 * `sessions`; a request signed with issued credentials must carry their session token
 * (X-Amz-Security-Token) and be made before they expire, or it is refused as AWS refuses it
 * (App Runner UnrecognizedClientException / ExpiredTokenException, the XML services
 * InvalidClientTokenId / ExpiredToken), hooks or not.
 *
 * Optional, for the lifecycle driver (test/lifecycle/): `authorize` is called before each
 * request is dispatched (IAM enforcement, sts:AssumeRole included; ELB calls as
 * `elasticloadbalancing:<Action>` on the rule or listener named, `*` for Describe*), `roleId`
 * gives a role's unique id for AssumedRoleId, and `cloudFormation` answers the CloudFormation
 * calls from a live stack model. Without them every request is allowed (AssumeRole issues
 * credentials for any well-formed role ARN), CloudFormation from `stackStatus` / `stackResources`.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { ApiError, AppRunnerEmulator } from './apprunner-emulator';
import { elbErrorXml, elbRequest, Elbv2Fake } from './elbv2-fake';
import { errorXml, Route53Fake } from './route53-fake';

/** A request as IAM sees it: `apprunner:PauseService` on a service ARN, with condition keys. */
export interface ServiceRequest {
  readonly service: 'apprunner' | 'route53' | 'cloudformation' | 'sts' | 'elasticloadbalancing';
  /** `service:Operation`, e.g. `route53:ChangeResourceRecordSets`. */
  readonly action: string;
  /** The resource ARN, or `*` (sts:AssumeRole: the RoleArn asked for). */
  readonly resource: string;
  /** Condition keys of the request (multi-valued ones with several values; sts:AssumeRole: sts:RoleSessionName). */
  readonly context: Record<string, string[]>;
  /**
   * The access key id the request was signed with (from its Authorization header; undefined
   * when unsigned): DEFAULT_ACCESS_KEY_ID for the default credentials, `ASIA…` for credentials
   * AssumeRole issued (see `LoopbackAws.sessions`).
   */
  readonly accessKeyId?: string;
  /** sts:AssumeRole: the request's parameters (RoleArn, RoleSessionName, DurationSeconds as sent or its default 3600). */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** The access key id of `LoopbackAws.environment`'s credentials. */
export const DEFAULT_ACCESS_KEY_ID = 'AKIDLOOPBACK';

/** The configuration of an SDK client of a test that calls the loopback directly (the default credentials; no retries unless asked). */
export function loopbackClientConfig(endpoint: string | undefined, maxAttempts = 1) {
  return { endpoint, region: 'us-east-1', maxAttempts, credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: 'loopback-secret' } };
}

/** Temporary credentials AssumeRole issued, and whose they are. */
export interface AssumedSession {
  /** `ASIA` + a 16-digit counter. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  /** The RoleArn assumed (path included). */
  readonly roleArn: string;
  readonly roleName: string;
  /** The role's unique id (AROA…) when assumed (`LoopbackAws.roleId`, else derived from the ARN). */
  readonly roleId: string;
  readonly sessionName: string;
  /** arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION (no path, as STS names it). */
  readonly assumedRoleArn: string;
  /** The access key id that signed the AssumeRole. */
  readonly assumedWith?: string;
}

/**
 * An error the server sends instead of dispatching a request. Without `code` it is the
 * service's own access denial: App Runner AccessDeniedException (HTTP 400), Route 53,
 * CloudFormation and ELB AccessDenied (HTTP 403).
 */
export interface LoopbackError {
  readonly message: string;
  readonly code?: string;
  readonly status?: number;
}

/** A stack as CloudFormation's DescribeStacks reports it. */
export interface StackDescription {
  readonly stackName: string;
  readonly stackId: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly creationTime: Date;
  readonly lastUpdatedTime?: Date;
}

/** A stack resource as DescribeStackResource(s) / ListStackResources report it. */
export interface StackResourceDescription {
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly timestamp: Date;
}

/** Live CloudFormation state (the lifecycle driver's stacks). */
export interface CloudFormationState {
  /** Every stack, deleted ones (DELETE_COMPLETE) included. */
  stacks(): StackDescription[];
  /** The current resources of a stack (by its id). */
  resources(stackId: string): StackResourceDescription[];
  /** Called with every CloudFormation request answered and its answer (for spies). */
  answered?(action: string, input: Record<string, string>, answer: { stack?: StackDescription; error?: string }): void;
}

const CFN_NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const STS_ACTIONS = ['AssumeRole'];
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xmlUnescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const el = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${xmlEscape(value)}</${name}>`);
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class LoopbackAws {
  /** Point the AWS SDK of this process at the server (dummy credentials, us-east-1). */
  public static environment(endpoint: string): Record<string, string> {
    return {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: 'loopback-secret',
      AWS_ENDPOINT_URL_APPRUNNER: endpoint,
      AWS_ENDPOINT_URL_ROUTE_53: endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint,
      AWS_ENDPOINT_URL_STS: endpoint,
      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: endpoint,
      AWS_MAX_ATTEMPTS: '5',
    };
  }

  public readonly appRunner: AppRunnerEmulator;
  public readonly route53 = new Route53Fake();
  public readonly elb = new Elbv2Fake();
  /** The stack's status, as CloudFormation's DescribeStacks reports it. */
  public stackStatus = 'UPDATE_IN_PROGRESS';
  /** CloudFormation stack resources: logical id → physical id. */
  public readonly stackResources = new Map<string, string>();
  public requests = 0;
  /** IAM enforcement: called before each request is dispatched; an error is sent instead when it returns one. */
  public authorize?: (request: ServiceRequest) => LoopbackError | undefined;
  /** The unique id (AROA…) of the role with this ARN, for AssumeRole's AssumedRoleId and `AssumedSession.roleId` (default: derived from the ARN). */
  public roleId?: (roleArn: string) => string | undefined;
  /** Every set of temporary credentials AssumeRole issued: access key id → session. */
  public readonly sessions = new Map<string, AssumedSession>();
  /** CloudFormation answers from a live model instead of `stackStatus` / `stackResources`. */
  public cloudFormation?: CloudFormationState;
  /** ListStackResources page size. */
  public listPageSize = 100;
  private server?: http.Server;
  private readonly throttles = { route53: 0, cloudformation: 0, elasticloadbalancing: 0 };
  private sessionCount = 0;

  constructor(appRunner = new AppRunnerEmulator()) {
    this.appRunner = appRunner;
    this.appRunner.recordExists = (name, value) => this.route53.hasCname(name, value);
  }

  /** Start listening; returns the endpoint URL. */
  public async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => this.route(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * The next `count` requests to Route 53, CloudFormation or ELB are throttled (error code
   * Throttling, HTTP 400, as these services answer it; the SDK retries it). App Runner's own
   * throttling is the emulator's `throttle`.
   */
  public throttleNext(service: 'route53' | 'cloudformation' | 'elasticloadbalancing', count: number): void {
    this.throttles[service] = count;
  }

  /** Whether this request of `service` is to be throttled (and count it). */
  private throttled(service: 'route53' | 'cloudformation' | 'elasticloadbalancing'): boolean {
    if (this.throttles[service] <= 0) return false;
    this.throttles[service]--;
    return true;
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    this.requests++;
    const target = String(req.headers['x-amz-target'] ?? '');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const accessKeyId = accessKeyIdOf(req);
    const token = req.headers['x-amz-security-token'] === undefined ? undefined : String(req.headers['x-amz-security-token']);
    if (target.startsWith('AppRunner.')) {
      const operation = target.slice('AppRunner.'.length);
      let input: any;
      try {
        input = body ? JSON.parse(body) : {};
      } catch {
        return sendAppRunnerError(res, 'SerializationException', 'loopback: the request body is not JSON', 400);
      }
      const denied = this.credentialError(accessKeyId, token, 'json')
        ?? this.check({ service: 'apprunner', action: `apprunner:${operation}`, resource: appRunnerResource(input), context: {}, accessKeyId });
      if (denied) return sendAppRunnerError(res, denied.code ?? 'AccessDeniedException', denied.message, denied.status ?? 400);
      return this.appRunnerCall(operation, input, res);
    }
    if (url.pathname.startsWith('/2013-04-01/')) {
      if (this.throttled('route53')) return sendXml(res, 400, errorXml('Throttling', 'Rate exceeded'));
      const denied = this.credentialError(accessKeyId, token, 'xml') ?? this.check({ ...route53Request(req.method ?? 'GET', url, body), accessKeyId });
      if (denied) return sendXml(res, denied.status ?? 403, errorXml(denied.code ?? 'AccessDenied', denied.message));
      return sendXml(res, ...this.route53.handle(req.method ?? 'GET', url, body));
    }
    const form = new URLSearchParams(body);
    const action = form.get('Action');
    if (/Credential=[^/,\s]+\/[^/]+\/[^/]+\/elasticloadbalancing\//.test(String(req.headers.authorization ?? ''))) {
      const denied = this.throttled('elasticloadbalancing') ? { code: 'Throttling', status: 400, message: 'Rate exceeded' }
        : this.credentialError(accessKeyId, token, 'xml') ?? this.check({ ...elbRequest(form), accessKeyId });
      if (denied) return sendXml(res, denied.status ?? 403, elbErrorXml(denied.code ?? 'AccessDenied', denied.message));
      return sendXml(res, ...this.elb.handle(form));
    }
    if (action && ['DescribeStacks', 'DescribeStackResource', 'DescribeStackResources', 'ListStackResources'].includes(action)) {
      if (this.throttled('cloudformation')) return sendCfnError(res, 'Throttling', 'Rate exceeded', 400);
      const denied = this.credentialError(accessKeyId, token, 'xml')
        ?? this.check({ service: 'cloudformation', action: `cloudformation:${action}`, resource: this.stackArn(form.get('StackName')), context: {}, accessKeyId });
      if (denied) return sendCfnError(res, denied.code ?? 'AccessDenied', denied.message, denied.status ?? 403);
      if (this.cloudFormation) return this.cloudFormationCall(action, form, res);
      if (action === 'DescribeStackResource') return this.describeStackResource(form, res);
      if (action === 'DescribeStacks') return sendXml(res, 200, `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>Test</StackName><StackId>${form.get('StackName')}</StackId><StackStatus>${this.stackStatus}</StackStatus><CreationTime>2026-11-24T00:00:00Z</CreationTime></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStacksResponse>`);
      // DescribeStackResources / ListStackResources from the fixed stackResources
      const stackId = form.get('StackName') ?? '';
      const fixed = [...this.stackResources].map(([logicalId, physicalId]) => ({
        logicalId, physicalId, type: 'AWS::AppRunner::Service', status: 'UPDATE_COMPLETE', timestamp: new Date('2026-11-24T00:00:00Z'),
      }));
      return this.listResources(action, form, { stackName: 'Test', stackId, status: this.stackStatus, creationTime: new Date('2026-11-24T00:00:00Z') }, fixed, res);
    }
    if (action && STS_ACTIONS.includes(action)) return this.assumeRole(form, accessKeyId, token, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`loopback: nothing answers ${req.method} ${req.url} ${target}`);
  }

  /**
   * Issued credentials must come with their session token and be unexpired (as AWS
   * authenticates them, before any authorization); other access key ids pass here.
   */
  private credentialError(accessKeyId: string | undefined, token: string | undefined, protocol: 'json' | 'xml'): LoopbackError | undefined {
    const session = accessKeyId === undefined ? undefined : this.sessions.get(accessKeyId);
    if (!session) return undefined;
    if (token !== session.sessionToken) {
      return protocol === 'json'
        ? { code: 'UnrecognizedClientException', status: 400, message: 'The security token included in the request is invalid.' }
        : { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' };
    }
    if (Date.now() >= session.expiration.getTime()) {
      return { code: protocol === 'json' ? 'ExpiredTokenException' : 'ExpiredToken', status: 400, message: 'The security token included in the request is expired' };
    }
    return undefined;
  }

  /**
   * STS AssumeRole: validated as STS validates it, authorized (`authorize`, action
   * sts:AssumeRole on the RoleArn), then fresh credentials for the role are issued.
   */
  private assumeRole(form: URLSearchParams, accessKeyId: string | undefined, token: string | undefined, res: http.ServerResponse): void {
    const requestId = this.stsRequestId();
    const roleArn = form.get('RoleArn') ?? '';
    const sessionName = form.get('RoleSessionName') ?? '';
    const duration = form.get('DurationSeconds') ?? '3600';
    const invalid = (message: string) => sendStsError(res, 'ValidationError', message, 400, requestId);
    const arn = ROLE_ARN.exec(roleArn);
    if (!arn) return invalid(`${roleArn} is invalid`);
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return invalid(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64`);
    }
    const seconds = Number(duration);
    if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43200) {
      return invalid(`1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
    }
    const denied = this.credentialError(accessKeyId, token, 'xml') ?? this.check({
      service: 'sts',
      action: 'sts:AssumeRole',
      resource: roleArn,
      context: { 'sts:RoleSessionName': [sessionName] },
      accessKeyId,
      parameters: { RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: String(seconds) },
    });
    if (denied) return sendStsError(res, denied.code ?? 'AccessDenied', denied.message, denied.status ?? 403, requestId);
    const [, account, , roleName] = arn;
    const n = ++this.sessionCount;
    const roleId = this.roleId?.(roleArn) ?? `AROA${crypto.createHash('sha256').update(roleArn).digest('hex').slice(0, 17).toUpperCase()}`;
    const session: AssumedSession = {
      accessKeyId: `ASIA${String(n).padStart(16, '0')}`,
      secretAccessKey: `loopback-secret-${n}`,
      sessionToken: `loopback-session-token-${n}`,
      expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000),
      roleArn,
      roleName,
      roleId,
      sessionName,
      assumedRoleArn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      assumedWith: accessKeyId,
    };
    this.sessions.set(session.accessKeyId, session);
    const credentials = `${el('AccessKeyId', session.accessKeyId)}${el('SecretAccessKey', session.secretAccessKey)}${el('SessionToken', session.sessionToken)}${el('Expiration', iso(session.expiration))}`;
    const user = `${el('Arn', session.assumedRoleArn)}${el('AssumedRoleId', `${roleId}:${sessionName}`)}`;
    res.writeHead(200, { 'content-type': 'text/xml' }).end(`<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><Credentials>${credentials}</Credentials>`
      + `<AssumedRoleUser>${user}</AssumedRoleUser></AssumeRoleResult><ResponseMetadata>${el('RequestId', requestId)}</ResponseMetadata></AssumeRoleResponse>`);
  }

  private stsRequestId(): string {
    return `00000000-0000-4000-a000-${this.requests.toString(16).padStart(12, '0')}`;
  }

  /** Ask the authorize hook; a hook that throws answers a non-retryable HarnessError. */
  private check(request: ServiceRequest): LoopbackError | undefined {
    if (!this.authorize) return undefined;
    try {
      return this.authorize(request);
    } catch (e) {
      return { code: 'HarnessError', status: 400, message: `harness: authorizing ${request.action} on ${request.resource} failed: ${(e as Error).message}` };
    }
  }

  /** The stack ARN IAM sees for a StackName input (a name is looked up). */
  private stackArn(stackName: string | null): string {
    if (!stackName) return '*';
    if (stackName.startsWith('arn:')) return stackName;
    const found = this.cloudFormation?.stacks().find((st) => st.stackName === stackName && st.status !== 'DELETE_COMPLETE');
    return found?.stackId ?? `arn:aws:cloudformation:us-east-1:123456789012:stack/${stackName}/*`;
  }

  private cloudFormationCall(action: string, form: URLSearchParams, res: http.ServerResponse): void {
    const state = this.cloudFormation!;
    const input = Object.fromEntries(form.entries());
    const name = form.get('StackName') ?? undefined;
    const stacks = state.stacks();
    const found = name === undefined ? undefined : name.startsWith('arn:')
      ? stacks.find((st) => st.stackId === name)
      : stacks.find((st) => st.stackName === name && st.status !== 'DELETE_COMPLETE');
    const fail = (message: string) => {
      state.answered?.(action, input, { error: message });
      sendCfnError(res, 'ValidationError', message, 400);
    };
    if (action === 'DescribeStacks') {
      if (name !== undefined && !found) return fail(`Stack with id ${name} does not exist`);
      const list = found ? [found] : stacks.filter((st) => st.status !== 'DELETE_COMPLETE');
      state.answered?.(action, input, { stack: found });
      const members = list.map((st) => `<member>${el('StackName', st.stackName)}${el('StackId', st.stackId)}${el('CreationTime', iso(st.creationTime))}${st.lastUpdatedTime ? el('LastUpdatedTime', iso(st.lastUpdatedTime)) : ''}${el('StackStatus', st.status)}${el('StackStatusReason', st.statusReason)}</member>`).join('');
      res.writeHead(200, { 'content-type': 'text/xml' }).end(`<DescribeStacksResponse xmlns="${CFN_NS}"><DescribeStacksResult><Stacks>${members}</Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStacksResponse>`);
      return;
    }
    if (!found || found.status === 'DELETE_COMPLETE') return fail(`Stack with id ${name ?? ''} does not exist`);
    state.answered?.(action, input, { stack: found });
    this.listResources(action, form, found, state.resources(found.stackId), res);
  }

  private listResources(action: string, form: URLSearchParams, stack: StackDescription, resources: StackResourceDescription[],
    res: http.ServerResponse): void {
    const ok = (xml: string): void => {
      res.writeHead(200, { 'content-type': 'text/xml' })
        .end(`<${action}Response xmlns="${CFN_NS}"><${action}Result>${xml}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`);
    };
    const common = (r: StackResourceDescription) => `${el('LogicalResourceId', r.logicalId)}${el('PhysicalResourceId', r.physicalId)}${el('ResourceType', r.type)}`;
    const status = (r: StackResourceDescription) => `${el('ResourceStatus', r.status)}${el('ResourceStatusReason', r.statusReason)}`;
    const ids = `${el('StackName', stack.stackName)}${el('StackId', stack.stackId)}`;
    if (action === 'DescribeStackResource') {
      const logicalId = form.get('LogicalResourceId') ?? '';
      const r = resources.find((x) => x.logicalId === logicalId);
      if (!r) return sendCfnError(res, 'ValidationError', `Resource ${logicalId} does not exist for stack ${form.get('StackName')}`, 400);
      return ok(`<StackResourceDetail>${ids}${common(r)}${el('LastUpdatedTimestamp', iso(r.timestamp))}${status(r)}</StackResourceDetail>`);
    }
    if (action === 'DescribeStackResources') {
      const logicalId = form.get('LogicalResourceId');
      const list = resources.filter((r) => !logicalId || r.logicalId === logicalId);
      return ok(`<StackResources>${list.map((r) => `<member>${ids}${common(r)}${el('Timestamp', iso(r.timestamp))}${status(r)}</member>`).join('')}</StackResources>`);
    }
    const start = Number(form.get('NextToken') ?? 0);
    const page = resources.slice(start, start + this.listPageSize);
    const next = start + this.listPageSize < resources.length ? String(start + this.listPageSize) : undefined;
    ok(`<StackResourceSummaries>${page.map((r) => `<member>${common(r)}${el('LastUpdatedTimestamp', iso(r.timestamp))}${status(r)}</member>`).join('')}</StackResourceSummaries>${el('NextToken', next)}`);
  }

  private appRunnerCall(operation: string, input: any, res: http.ServerResponse): void {
    try {
      const out = this.appRunner.handle(operation, input);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(out));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('InternalServiceErrorException', String(e), 500);
      sendAppRunnerError(res, err.type, err.message, err.status);
    }
  }

  private describeStackResource(form: URLSearchParams, res: http.ServerResponse): void {
    const logicalId = form.get('LogicalResourceId') ?? '';
    const physicalId = this.stackResources.get(logicalId);
    if (!physicalId) {
      res.writeHead(400, { 'content-type': 'text/xml' }).end(`<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Resource ${logicalId} does not exist for stack ${form.get('StackName')}</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/xml' }).end(`<DescribeStackResourceResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStackResourceResult><StackResourceDetail><StackName>Test</StackName><StackId>${form.get('StackName')}</StackId><LogicalResourceId>${logicalId}</LogicalResourceId><PhysicalResourceId>${physicalId}</PhysicalResourceId><ResourceType>AWS::AppRunner::Service</ResourceType><LastUpdatedTimestamp>2026-11-24T00:00:00Z</LastUpdatedTimestamp><ResourceStatus>UPDATE_COMPLETE</ResourceStatus></StackResourceDetail></DescribeStackResourceResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStackResourceResponse>`);
  }
}

function sendAppRunnerError(res: http.ServerResponse, type: string, message: string, status: number): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type })
    .end(JSON.stringify({ __type: type, Message: message }));
}

function sendXml(res: http.ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' }).end(xml);
}

function sendStsError(res: http.ServerResponse, code: string, message: string, status: number, requestId: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' })
    .end(`<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
}

/** The access key id of a SigV4-signed request (Authorization: AWS4-HMAC-SHA256 Credential=AKID/…), or of a presigned URL. */
function accessKeyIdOf(req: http.IncomingMessage): string | undefined {
  const header = String(req.headers.authorization ?? '');
  const m = /Credential=([^/,\s]+)\//.exec(header);
  if (m) return m[1];
  const presigned = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('X-Amz-Credential');
  return presigned ? presigned.split('/')[0] : undefined;
}

function sendCfnError(res: http.ServerResponse, code: string, message: string, status: number): void {
  res.writeHead(status, { 'content-type': 'text/xml' })
    .end(`<ErrorResponse xmlns="${CFN_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
}

/**
 * The resource of an App Runner call: the service (ServiceArn), else the auto scaling
 * configuration (UpdateDefaultAutoScalingConfiguration, …), else `*` (List* calls).
 */
function appRunnerResource(input: any): string {
  if (typeof input?.ServiceArn === 'string') return input.ServiceArn;
  if (typeof input?.AutoScalingConfigurationArn === 'string') return input.AutoScalingConfigurationArn;
  if (typeof input?.ResourceArn === 'string') return input.ResourceArn; // issue 12 part 1: TagResource / UntagResource
  // issue 12 part 2: connections; CreateConnection as IAM scopes it before the connection has an ID (connection/NAME/*)
  if (typeof input?.ConnectionArn === 'string') return input.ConnectionArn;
  if (typeof input?.ConnectionName === 'string' && typeof input?.ProviderType === 'string') {
    return `arn:aws:apprunner:us-east-1:123456789012:connection/${input.ConnectionName}/*`;
  }
  return '*';
}

/** A Route 53 REST call as IAM sees it, with the ChangeResourceRecordSets condition keys. */
function route53Request(method: string, url: URL, body: string): ServiceRequest {
  const rrset = url.pathname.match(/^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/);
  if (rrset) {
    const resource = `arn:aws:route53:::hostedzone/${rrset[1]}`;
    if (method !== 'POST') return { service: 'route53', action: 'route53:ListResourceRecordSets', resource, context: {} };
    const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]);
    const changes = tag(body, 'Change');
    const uniq = (values: string[]) => [...new Set(values)];
    return {
      service: 'route53',
      action: 'route53:ChangeResourceRecordSets',
      resource,
      context: {
        'route53:ChangeResourceRecordSetsActions': uniq(changes.map((c) => tag(c, 'Action')[0] ?? '')),
        'route53:ChangeResourceRecordSetsRecordTypes': uniq(changes.map((c) => tag(tag(c, 'ResourceRecordSet')[0] ?? '', 'Type')[0] ?? '')),
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': uniq(changes.map((c) =>
          normalizeRecordName(xmlUnescape(tag(tag(c, 'ResourceRecordSet')[0] ?? '', 'Name')[0] ?? '')))),
      },
    };
  }
  const zone = url.pathname.match(/^\/2013-04-01\/hostedzone\/([^/]+)\/?$/);
  if (zone) return { service: 'route53', action: `route53:${method === 'DELETE' ? 'DeleteHostedZone' : 'GetHostedZone'}`, resource: `arn:aws:route53:::hostedzone/${zone[1]}`, context: {} };
  const change = url.pathname.match(/^\/2013-04-01\/change\/([^/]+)$/);
  if (change) return { service: 'route53', action: 'route53:GetChange', resource: `arn:aws:route53:::change/${change[1]}`, context: {} };
  return { service: 'route53', action: `route53:${method === 'GET' ? 'ListHostedZones' : 'UnknownOperation'}`, resource: '*', context: {} };
}

/**
 * Route 53's normalized record name, as it puts it in the condition key
 * route53:ChangeResourceRecordSetsNormalizedRecordNames: lower case, no trailing dot, and every
 * character other than a-z, 0-9, `-`, `_` and the dots between labels as a backslash and its
 * 3-digit octal code (`*` → `\052`). The name as sent may hold such escapes already (`\052.example.com`):
 * each is read as its character first (an escaped dot is part of a label, so it stays escaped).
 */
export function normalizeRecordName(name: string): string {
  const labels: string[][] = [[]];
  for (const [, escape, char] of name.matchAll(/\\([0-7]{3})|([\s\S])/g)) {
    if (char === '.') labels.push([]);
    else labels[labels.length - 1].push(escape !== undefined ? String.fromCharCode(parseInt(escape, 8)) : char);
  }
  if (labels.length > 1 && labels[labels.length - 1].length === 0) labels.pop();
  const encode = (c: string) => (/^[a-z0-9_-]$/.test(c.toLowerCase()) ? c.toLowerCase() : `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return labels.map((label) => label.map(encode).join('')).join('.');
}
