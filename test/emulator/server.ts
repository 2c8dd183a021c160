/**
 * One HTTP server on 127.0.0.1 (a random port) that answers as App Runner (awsJson1_0),
 * Route 53 (REST-XML) and CloudFormation's DescribeStackResource (awsQuery), so the real
 * AWS SDK clients of the handlers can be pointed at it with AWS_ENDPOINT_URL_APPRUNNER,
 * AWS_ENDPOINT_URL_ROUTE_53 and AWS_ENDPOINT_URL_CLOUDFORMATION.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { ApiError, AppRunnerEmulator } from './apprunner-emulator';
import { Route53Fake } from './route53-fake';

export class LoopbackAws {
  /** Point the AWS SDK of this process at the server (dummy credentials, us-east-1). */
  public static environment(endpoint: string): Record<string, string> {
    return {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDLOOPBACK',
      AWS_SECRET_ACCESS_KEY: 'loopback-secret',
      AWS_ENDPOINT_URL_APPRUNNER: endpoint,
      AWS_ENDPOINT_URL_ROUTE_53: endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint,
      AWS_MAX_ATTEMPTS: '5',
    };
  }

  public readonly appRunner: AppRunnerEmulator;
  public readonly route53 = new Route53Fake();
  /** The stack's status, as CloudFormation's DescribeStacks reports it. */
  public stackStatus = 'UPDATE_IN_PROGRESS';
  /** CloudFormation stack resources: logical id → physical id. */
  public readonly stackResources = new Map<string, string>();
  public requests = 0;
  private server?: http.Server;

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

  private route(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    this.requests++;
    const target = String(req.headers['x-amz-target'] ?? '');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (target.startsWith('AppRunner.')) return this.appRunnerCall(target.slice('AppRunner.'.length), body, res);
    if (url.pathname.startsWith('/2013-04-01/')) {
      const [status, xml] = this.route53.handle(req.method ?? 'GET', url, body);
      res.writeHead(status, { 'content-type': 'text/xml' }).end(xml);
      return;
    }
    const form = new URLSearchParams(body);
    if (form.get('Action') === 'DescribeStackResource') return this.describeStackResource(form, res);
    if (form.get('Action') === 'DescribeStacks') {
      res.writeHead(200, { 'content-type': 'text/xml' }).end(`<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>Test</StackName><StackId>${form.get('StackName')}</StackId><StackStatus>${this.stackStatus}</StackStatus><CreationTime>2026-11-24T00:00:00Z</CreationTime></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStacksResponse>`);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`loopback: nothing answers ${req.method} ${req.url} ${target}`);
  }

  private appRunnerCall(operation: string, body: string, res: http.ServerResponse): void {
    try {
      const out = this.appRunner.handle(operation, body ? JSON.parse(body) : {});
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(out));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('InternalServiceErrorException', String(e), 500);
      res.writeHead(err.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': err.type })
        .end(JSON.stringify({ __type: err.type, Message: err.message }));
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
