/**
 * A loopback App Runner: the operations the handlers use, over App Runner's awsJson1_0
 * protocol (POST /, `X-Amz-Target: AppRunner.<Operation>`), with operations that take time
 * and injectable faults. Time is counted in reads: every DescribeService / ListOperations /
 * DescribeCustomDomains of a service advances its running operation and its domains by one
 * step, so tests are deterministic and fast.
 */

/** An App Runner error: `__type` in the body and the x-amzn-errortype header. */
export class ApiError extends Error {
  constructor(public readonly type: string, message: string, public readonly status = 400) {
    super(message);
  }
}

interface Operation {
  Id: string;
  Type: string;
  Status: string;
  TargetArn: string;
  StartedAt: number;
  EndedAt?: number;
  remaining: number;
  outcome: string;
  /** The service status when the operation ends well, and when it does not. */
  onSuccess: string;
  onFailure: string;
}

interface Domain {
  DomainName: string;
  EnableWWWSubdomain: boolean;
  Status: string;
  records: Array<{ Name: string; Type: string; Value: string; Status: string }>;
  /** Reads until the validation records appear, until active, until gone (while deleting). */
  untilRecords: number;
  untilActive: number;
  untilGone: number;
}

export interface EmulatedService {
  arn: string;
  name: string;
  status: string;
  operations: Operation[];
  domains: Domain[];
  /** Issue 12 part 1: the service's tags (TagResource / UntagResource / ListTagsForResource; CreateService's Tags). */
  tags?: Record<string, string>;
}

/** Issue 12 part 2: an App Runner connection. */
export interface EmulatedConnection {
  ConnectionName: string;
  ConnectionArn: string;
  ProviderType: string;
  Status: string;
  tags: Record<string, string>;
  /** Whether a service uses it (DeleteConnection then fails); unset: never. */
  inUseBy?: () => boolean;
}

/** How long things take, in reads of the service. */
export interface Timing {
  /** Reads until an operation ends. */
  readonly operationSteps: number;
  /** Reads until a new domain shows its validation records. */
  readonly recordSteps: number;
  /** Further reads until a domain is active (after its records are in the DNS fake, when one is wired). */
  readonly activeSteps: number;
  /** Reads until a disassociated domain is gone. */
  readonly deleteSteps: number;
}

const DEFAULT_TIMING: Timing = { operationSteps: 3, recordSteps: 2, activeSteps: 2, deleteSteps: 2 };

export class AppRunnerEmulator {
  public readonly services = new Map<string, EmulatedService>();
  /** Every call: `Operation` names in order. */
  public readonly calls: string[] = [];
  public readonly autoScalingConfigurations: Array<{ arn: string; isDefault: boolean; status: string }> = [];
  /** Issue 12 part 1: the tags of the App Runner resources other than services (configurations, VPC connectors, ingress connections), by ARN, while they exist. */
  public readonly resourceTags = new Map<string, Record<string, string>>();
  /** Issue 12 part 2: the account's connections (CreateConnection / DeleteConnection / ListConnections), by ARN. */
  public readonly connections = new Map<string, EmulatedConnection>();
  /** Answers whether a record exists in DNS (wired to the Route 53 fake by the server). */
  public recordExists?: (name: string, value: string) => boolean;
  private timing: Timing;
  private throttles = 0;
  private readonly planned = new Map<string, string>();
  private readonly failingDomains = new Set<string>();
  private nextId = 1;
  private clock = 0;

  constructor(timing: Partial<Timing> = {}) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
  }

  // ---- test controls -------------------------------------------------------------------

  /** A service's DNS target for its custom domains (each service has its own, as in App Runner). */
  public dnsTarget(service: { readonly name: string }): string {
    return `${service.name}-abc123.us-east-1.awsapprunner.com`;
  }

  public addService(name: string, status = 'RUNNING'): EmulatedService {
    const arn = `arn:aws:apprunner:us-east-1:123456789012:service/${name}/${'0'.repeat(24)}${String(this.services.size + 1).padStart(8, '0')}`;
    const service: EmulatedService = { arn, name, status, operations: [], domains: [] };
    this.services.set(arn, service);
    return service;
  }

  /** The next `count` requests are throttled (ThrottlingException, which the SDK retries). */
  public throttle(count: number): void {
    this.throttles = count;
  }

  /** The next operation of this type ends with this status (FAILED, ROLLBACK_SUCCEEDED, …). */
  public planOutcome(type: string, status: string): void {
    this.planned.set(type, status);
  }

  /** Start an operation as App Runner itself would (a deployment after an UpdateService). */
  public startOperation(service: EmulatedService, type: string, onSuccess = 'RUNNING', onFailure = 'RUNNING'): Operation {
    const op: Operation = {
      Id: `op-${this.nextId++}`,
      Type: type,
      Status: 'IN_PROGRESS',
      TargetArn: service.arn,
      StartedAt: this.tick(),
      remaining: this.timing.operationSteps,
      outcome: this.planned.get(type) ?? 'SUCCEEDED',
      onSuccess,
      onFailure,
    };
    this.planned.delete(type);
    service.operations.unshift(op);
    service.status = 'OPERATION_IN_PROGRESS';
    return op;
  }

  /** The next association of this domain ends `create_failed` (App Runner could not issue its certificate). */
  public failNextAssociation(domainName: string): void {
    this.failingDomains.add(domainName);
  }

  public setTiming(timing: Partial<Timing>): void {
    this.timing = { ...this.timing, ...timing };
  }

  // ---- the API -------------------------------------------------------------------------

  public handle(operation: string, input: any): any {
    this.calls.push(operation);
    if (this.throttles > 0) {
      this.throttles--;
      throw new ApiError('ThrottlingException', 'Rate exceeded');
    }
    // issue 12 part 2: connections (and the tags of a connection ARN)
    const connectionAnswer = this.handleConnection(operation, input);
    if (connectionAnswer !== undefined) return connectionAnswer;
    switch (operation) {
      case 'DescribeService': {
        const s = this.read(input.ServiceArn);
        return { Service: { ServiceArn: s.arn, ServiceName: s.name, ServiceId: s.arn.split('/')[2], Status: s.status } };
      }
      case 'ListOperations': {
        const s = this.read(input.ServiceArn);
        const page = Number(input.NextToken ?? 0);
        const size = Math.min(Number(input.MaxResults ?? 2), 20);
        const list = s.operations.slice(page, page + size).map(({ Id, Type, Status, TargetArn, StartedAt, EndedAt }) =>
          ({ Id, Type, Status, TargetArn, StartedAt: StartedAt / 1000, EndedAt: EndedAt === undefined ? undefined : EndedAt / 1000 }));
        return { OperationSummaryList: list, NextToken: page + size < s.operations.length ? String(page + size) : undefined };
      }
      case 'PauseService': return this.mutate(input.ServiceArn, 'PAUSE_SERVICE', 'PAUSED', 'RUNNING', 'RUNNING');
      case 'ResumeService': return this.mutate(input.ServiceArn, 'RESUME_SERVICE', 'RUNNING', 'PAUSED', 'PAUSED');
      case 'StartDeployment': {
        // StartDeployment declares no InvalidStateException: App Runner refuses a service that
        // is busy (or not RUNNING) with InvalidRequestException
        const s = this.get(input.ServiceArn);
        if (s.status !== 'RUNNING') {
          throw new ApiError('InvalidRequestException', `Service ${s.name} is in ${s.status} state and can't be deployed`);
        }
        return this.mutate(input.ServiceArn, 'START_DEPLOYMENT', 'RUNNING', 'RUNNING', 'RUNNING');
      }
      case 'UpdateService': return this.mutate(input.ServiceArn, 'UPDATE_SERVICE', 'RUNNING', 'RUNNING', 'RUNNING');
      case 'ListAutoScalingConfigurations': {
        const all = this.autoScalingConfigurations.map((c) => ({
          AutoScalingConfigurationArn: c.arn,
          // …:autoscalingconfiguration/NAME/REVISION/ID
          AutoScalingConfigurationName: c.arn.split('/')[1],
          AutoScalingConfigurationRevision: Number(c.arn.split('/')[2]),
          IsDefault: c.isDefault,
          Status: c.status,
        }));
        // LatestOnly defaults to true: only the highest revision of each name
        const latestOnly = input.LatestOnly ?? true;
        const latest = (c: typeof all[number]) => !all.some((o) => o.AutoScalingConfigurationName === c.AutoScalingConfigurationName
          && o.AutoScalingConfigurationRevision > c.AutoScalingConfigurationRevision);
        return { AutoScalingConfigurationSummaryList: latestOnly ? all.filter(latest) : all };
      }
      case 'UpdateDefaultAutoScalingConfiguration': {
        const target = this.autoScalingConfigurations.find((c) => c.arn === input.AutoScalingConfigurationArn);
        if (!target) throw new ApiError('ResourceNotFoundException', `Auto scaling configuration ${input.AutoScalingConfigurationArn} not found`);
        if (target.status !== 'ACTIVE') throw new ApiError('InvalidRequestException', `Auto scaling configuration ${target.arn} is ${target.status}`);
        this.autoScalingConfigurations.forEach((c) => { c.isDefault = c === target; });
        return { AutoScalingConfiguration: { AutoScalingConfigurationArn: target.arn, IsDefault: true } };
      }
      case 'AssociateCustomDomain': return this.associate(input);
      case 'DescribeCustomDomains': {
        const s = this.read(input.ServiceArn);
        return {
          DNSTarget: this.dnsTarget(s),
          ServiceArn: s.arn,
          CustomDomains: s.domains.map((d) => ({
            DomainName: d.DomainName,
            EnableWWWSubdomain: d.EnableWWWSubdomain,
            Status: d.Status,
            CertificateValidationRecords: d.records,
          })),
        };
      }
      case 'DisassociateCustomDomain': {
        const s = this.get(input.ServiceArn);
        const d = s.domains.find((x) => x.DomainName === input.DomainName);
        if (!d) throw new ApiError('InvalidRequestException', `No custom domain ${input.DomainName} found for the provided service`);
        if (s.status === 'OPERATION_IN_PROGRESS') throw new ApiError('InvalidStateException', `Service ${s.name} has an operation in progress`);
        if (s.status === 'PAUSED') throw new ApiError('InvalidStateException', `Service ${s.name} is PAUSED`);
        d.Status = 'deleting';
        d.untilGone = this.timing.deleteSteps;
        return { DNSTarget: this.dnsTarget(s), ServiceArn: s.arn, CustomDomain: { DomainName: d.DomainName, Status: d.Status } };
      }
      // ---- issue 12 part 1: tags of a service (refused while an operation is in progress; allowed while PAUSED) ----
      // ---- and of the other App Runner resources (resourceTags) ----
      case 'TagResource':
      case 'UntagResource': {
        const tags = this.tagsOf(input.ResourceArn, true);
        if (operation === 'TagResource') {
          for (const t of input.Tags ?? []) {
            if (/^aws:/i.test(t.Key)) throw new ApiError('InvalidRequestException', `Tag keys starting with aws: are reserved: ${t.Key}`);
            tags[t.Key] = t.Value;
          }
        } else {
          for (const key of input.TagKeys ?? []) delete tags[key];
        }
        return {};
      }
      case 'ListTagsForResource':
        return { Tags: Object.entries(this.tagsOf(input.ResourceArn, false)).map(([Key, Value]) => ({ Key, Value })) };
      default:
        throw new ApiError('UnknownOperationException', `The emulator does not implement ${operation}`);
    }
  }

  // ---- issue 12 part 2: connections ----------------------------------------------------

  /** Test control: complete a connection's handshake in the "console" (PENDING_HANDSHAKE → AVAILABLE). */
  public completeHandshake(nameOrArn: string, status = 'AVAILABLE'): EmulatedConnection {
    const c = [...this.connections.values()].find((x) => x.ConnectionArn === nameOrArn || x.ConnectionName === nameOrArn);
    if (!c) throw new Error(`emulator: no connection ${nameOrArn}`);
    c.Status = status;
    return c;
  }

  /** Test control: a connection made outside the stack (the console), AVAILABLE unless given. */
  public addConnection(name: string, providerType = 'GITHUB', status = 'AVAILABLE'): EmulatedConnection {
    const c: EmulatedConnection = {
      ConnectionName: name,
      ConnectionArn: `arn:aws:apprunner:us-east-1:123456789012:connection/${name}/${String(this.nextId++).padStart(32, 'c')}`,
      ProviderType: providerType,
      Status: status,
      tags: {},
    };
    this.connections.set(c.ConnectionArn, c);
    return c;
  }

  /** CreateConnection / DeleteConnection / ListConnections, and tag calls on a connection ARN; undefined for anything else. */
  private handleConnection(operation: string, input: any): any {
    const summary = (c: EmulatedConnection) => ({
      ConnectionName: c.ConnectionName, ConnectionArn: c.ConnectionArn, ProviderType: c.ProviderType, Status: c.Status, CreatedAt: 1_700_000_000,
    });
    const isConnectionArn = typeof input?.ResourceArn === 'string' && /:connection\//.test(input.ResourceArn);
    switch (operation) {
      case 'CreateConnection': {
        if (!/^[A-Za-z0-9][A-Za-z0-9\-_]{3,31}$/.test(input.ConnectionName ?? '')) {
          throw new ApiError('InvalidRequestException', `Invalid connection name ${input.ConnectionName}`);
        }
        if (!['GITHUB', 'BITBUCKET'].includes(input.ProviderType)) throw new ApiError('InvalidRequestException', `Invalid provider type ${input.ProviderType}`);
        if ([...this.connections.values()].some((c) => c.ConnectionName === input.ConnectionName)) {
          throw new ApiError('InvalidRequestException', `Connection with name ${input.ConnectionName} already exists`);
        }
        const c = this.addConnection(input.ConnectionName, input.ProviderType, 'PENDING_HANDSHAKE');
        for (const t of input.Tags ?? []) c.tags[t.Key] = t.Value;
        return { Connection: summary(c) };
      }
      case 'DeleteConnection': {
        const c = this.connections.get(input.ConnectionArn);
        if (!c) throw new ApiError('ResourceNotFoundException', `Connection ${input.ConnectionArn} not found`);
        if (c.inUseBy?.()) throw new ApiError('InvalidRequestException', `Connection ${c.ConnectionName} is used by a service`);
        this.connections.delete(c.ConnectionArn);
        return { Connection: { ...summary(c), Status: 'DELETED' } };
      }
      case 'ListConnections': {
        const all = [...this.connections.values()].filter((c) => input.ConnectionName === undefined || c.ConnectionName === input.ConnectionName);
        // one per page: the handlers must follow NextToken
        const start = Number(input.NextToken ?? 0);
        const page = all.slice(start, start + 1);
        return { ConnectionSummaryList: page.map(summary), NextToken: start + 1 < all.length ? String(start + 1) : undefined };
      }
      case 'TagResource':
      case 'UntagResource':
      case 'ListTagsForResource': {
        if (!isConnectionArn) return undefined;
        const c = this.connections.get(input.ResourceArn);
        if (!c) throw new ApiError('ResourceNotFoundException', `Connection ${input.ResourceArn} not found`);
        if (operation === 'TagResource') for (const t of input.Tags ?? []) c.tags[t.Key] = t.Value;
        if (operation === 'UntagResource') for (const key of input.TagKeys ?? []) delete c.tags[key];
        return operation === 'ListTagsForResource' ? { Tags: Object.entries(c.tags).map(([Key, Value]) => ({ Key, Value })) } : {};
      }
      default:
        return undefined;
    }
  }

  /** Issue 12 part 1: the tags of a service or another App Runner resource of `resourceTags` (for a change: refused while the service is busy). */
  private tagsOf(arn: string, change: boolean): Record<string, string> {
    const other = this.resourceTags.get(arn);
    if (other) return other;
    const s = this.get(arn);
    if (change && s.status === 'OPERATION_IN_PROGRESS') throw new ApiError('InvalidStateException', `Service ${s.name} has an operation in progress`);
    s.tags ??= {};
    return s.tags;
  }

  private get(arn: string): EmulatedService {
    const s = this.services.get(arn);
    if (!s) throw new ApiError('ResourceNotFoundException', `Service ${arn} not found`);
    return s;
  }

  /** A read: time passes for this service. */
  private read(arn: string): EmulatedService {
    const s = this.get(arn);
    const op = s.operations[0];
    if (op && op.EndedAt === undefined && --op.remaining <= 0) {
      op.Status = op.outcome;
      op.EndedAt = this.tick();
      s.status = op.outcome === 'SUCCEEDED' ? op.onSuccess : op.onFailure;
    }
    for (const d of [...s.domains]) this.advanceDomain(s, d);
    return s;
  }

  private advanceDomain(s: EmulatedService, d: Domain): void {
    if (d.Status === 'deleting') {
      if (--d.untilGone <= 0) s.domains.splice(s.domains.indexOf(d), 1);
      return;
    }
    if (d.Status === 'creating' && this.failingDomains.delete(d.DomainName)) {
      d.Status = 'create_failed';
      return;
    }
    if (d.Status === 'creating' && --d.untilRecords <= 0) {
      const names = [d.DomainName, ...(d.EnableWWWSubdomain ? [`www.${d.DomainName}`] : [])];
      d.records = [...names, d.DomainName].map((n, i) => ({
        Name: `_${(i + 1).toString(16)}${'a'.repeat(8)}.${n.replace(/^\*\./, '')}.`,
        Type: 'CNAME',
        Value: `_v${i + 1}.acm-validations.aws.`,
        Status: 'PENDING_VALIDATION',
      }));
      d.Status = 'pending_certificate_dns_validation';
      return;
    }
    if (d.Status === 'pending_certificate_dns_validation' && d.records.every((r) => this.recordExists?.(r.Name, r.Value) ?? true)) {
      if (--d.untilActive <= 0) {
        d.Status = 'active';
        d.records.forEach((r) => { r.Status = 'SUCCESS'; });
      }
    }
  }

  private mutate(arn: string, type: string, onSuccess: string, allowedFrom: string, onFailure: string): any {
    const s = this.get(arn);
    if (s.status === 'OPERATION_IN_PROGRESS') {
      throw new ApiError('InvalidStateException', `Service ${s.name} has an operation in progress`);
    }
    if (s.status !== allowedFrom) {
      throw new ApiError('InvalidStateException', `Service ${s.name} is ${s.status}: ${type} is not allowed`);
    }
    const op = this.startOperation(s, type, onSuccess, onFailure);
    return { OperationId: op.Id, Service: { ServiceArn: s.arn, Status: s.status } };
  }

  private associate(input: any): any {
    const s = this.get(input.ServiceArn);
    if (s.domains.some((d) => d.DomainName === input.DomainName && d.Status !== 'deleting')) {
      throw new ApiError('InvalidRequestException', `${input.DomainName} is already associated with service ${s.name}`);
    }
    if (s.domains.some((d) => d.DomainName === input.DomainName)) {
      throw new ApiError('InvalidStateException', `${input.DomainName} is being disassociated`);
    }
    const holder = [...this.services.values()].find((o) => o !== s && o.domains.some((d) => d.DomainName === input.DomainName));
    if (holder) throw new ApiError('InvalidRequestException', `${input.DomainName} is already associated with service ${holder.name}`);
    if (s.status !== 'RUNNING') throw new ApiError('InvalidStateException', `Service ${s.name} is ${s.status}`);
    const d: Domain = {
      DomainName: input.DomainName,
      EnableWWWSubdomain: input.EnableWWWSubdomain ?? true,
      Status: 'creating',
      records: [],
      untilRecords: this.timing.recordSteps,
      untilActive: this.timing.activeSteps,
      untilGone: 0,
    };
    s.domains.push(d);
    return { DNSTarget: this.dnsTarget(s), ServiceArn: s.arn, CustomDomain: { DomainName: d.DomainName, Status: d.Status } };
  }

  /** Real time (the handlers compare operation start times with their own clock), strictly increasing. */
  private tick(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }

  // ---- lifecycle driver support ----
  // Used by test/lifecycle/ (CloudFormation's own calls: not over HTTP, not IAM-checked).

  /**
   * Create a service as CloudFormation does (CreateService): a CREATE_SERVICE operation that
   * ends RUNNING (or CREATE_FAILED after `planOutcome('CREATE_SERVICE', 'FAILED')`). App Runner
   * refuses a second service with the same name.
   */
  public createService(name: string): EmulatedService {
    if ([...this.services.values()].some((s) => s.name === name)) {
      throw new ApiError('InvalidRequestException', `Service with the provided name already exists: ${name}`);
    }
    const id = `${(this.nextId++).toString(16).padStart(8, '0')}${'c0ffee'.repeat(4)}`;
    const service: EmulatedService = { arn: `arn:aws:apprunner:us-east-1:123456789012:service/${name}/${id}`, name, status: 'OPERATION_IN_PROGRESS', operations: [], domains: [] };
    this.services.set(service.arn, service);
    this.startOperation(service, 'CREATE_SERVICE', 'RUNNING', 'CREATE_FAILED');
    return service;
  }

  /** UpdateService as CloudFormation calls it: InvalidStateException while PAUSED or busy; returns the operation. */
  public updateService(arn: string): { operationId: string } {
    return { operationId: this.mutate(arn, 'UPDATE_SERVICE', 'RUNNING', 'RUNNING', 'RUNNING').OperationId };
  }

  /** A read by CloudFormation (time passes for the service, as with DescribeService); undefined when gone. */
  public observe(arn: string): EmulatedService | undefined {
    return this.services.has(arn) ? this.read(arn) : undefined;
  }

  /** The operation with this id, if the service still exists. */
  public operationOf(arn: string, operationId: string): { Type: string; Status: string; EndedAt?: number } | undefined {
    return this.services.get(arn)?.operations.find((o) => o.Id === operationId);
  }

  /** DeleteService: the service and its custom domains are gone (false when it did not exist). */
  public deleteService(arn: string): boolean {
    return this.services.delete(arn);
  }

  /** CreateAutoScalingConfiguration: the next revision of NAME (ACTIVE, not the default). */
  public createAutoScalingConfiguration(name: string): { arn: string; revision: number } {
    const revision = this.autoScalingConfigurations.filter((c) => c.arn.split('/')[1] === name).length + 1;
    const id = `${(this.nextId++).toString(16).padStart(8, '0')}${'a5c0'.repeat(6)}`;
    const arn = `arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/${name}/${revision}/${id}`;
    this.autoScalingConfigurations.push({ arn, isDefault: false, status: 'ACTIVE' });
    return { arn, revision };
  }

  /** DeleteAutoScalingConfiguration: the revision turns INACTIVE (it stays listed, as in App Runner). */
  public deleteAutoScalingConfiguration(arn: string): boolean {
    const config = this.autoScalingConfigurations.find((c) => c.arn === arn && c.status === 'ACTIVE');
    if (config) config.status = 'INACTIVE';
    return config !== undefined;
  }
}
