"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/operations/runtime/is-complete.lambda.ts
var is_complete_lambda_exports = {};
__export(is_complete_lambda_exports, {
  handler: () => isComplete
});
module.exports = __toCommonJS(is_complete_lambda_exports);

// src/operations/runtime/index.ts
var import_client_apprunner6 = require("@aws-sdk/client-apprunner");
var import_client_cloudformation3 = require("@aws-sdk/client-cloudformation");
var import_client_route_532 = require("@aws-sdk/client-route-53");

// src/operations/runtime/custom-domain.ts
var import_client_apprunner2 = require("@aws-sdk/client-apprunner");

// src/operations/runtime/apprunner.ts
var import_client_apprunner = require("@aws-sdk/client-apprunner");
var OPERATION_FAILED = ["FAILED", "ROLLBACK_SUCCEEDED", "ROLLBACK_FAILED"];
var OPERATION_RUNNING = ["PENDING", "IN_PROGRESS", "ROLLBACK_IN_PROGRESS"];
function statusIs(status, ...candidates) {
  const s = (status ?? "").toUpperCase();
  return candidates.some((c) => c.toUpperCase() === s);
}
function operationFailed(op) {
  return statusIs(op.Status, ...OPERATION_FAILED);
}
function operationRunning(op) {
  return statusIs(op.Status, ...OPERATION_RUNNING);
}
function errorName(error) {
  const e = error;
  return String(e?.name ?? e?.Code ?? e?.__type ?? "");
}
function isInvalidState(error) {
  return errorName(error) === "InvalidStateException";
}
function isNotFound(error) {
  return errorName(error) === "ResourceNotFoundException";
}
var AppRunnerReader = class {
  constructor(client) {
    this.client = client;
  }
  /** The service's status, or undefined when the service does not exist. */
  async serviceStatus(serviceArn) {
    try {
      const out = await this.client.send(new import_client_apprunner.DescribeServiceCommand({ ServiceArn: serviceArn }));
      return out.Service?.Status;
    } catch (e) {
      if (isNotFound(e)) return void 0;
      throw e;
    }
  }
  /** The operation with this id (ListOperations, every page), or undefined. */
  async operation(serviceArn, operationId) {
    let nextToken;
    do {
      const out = await this.client.send(new import_client_apprunner.ListOperationsCommand({ ServiceArn: serviceArn, NextToken: nextToken }));
      const found = (out.OperationSummaryList ?? []).find((op) => op.Id === operationId);
      if (found) return found;
      nextToken = out.NextToken;
    } while (nextToken);
    return void 0;
  }
  /** The service's latest operation (ListOperations returns the newest first). */
  async latestOperation(serviceArn) {
    const out = await this.client.send(new import_client_apprunner.ListOperationsCommand({ ServiceArn: serviceArn, MaxResults: 1 }));
    return out.OperationSummaryList?.[0];
  }
};
function describeOperation(op) {
  return `${op.Id} (${op.Type}) ended ${op.Status}`;
}

// src/operations/runtime/dns.ts
var import_client_route_53 = require("@aws-sdk/client-route-53");
var TTL = 300;
function normalizeName(name) {
  return name.replace(/\\052/g, "*").replace(/\.$/, "").toLowerCase();
}
function toRecordSet(record) {
  if (record.aliasZoneId) {
    return {
      Name: record.name,
      Type: record.type,
      AliasTarget: { HostedZoneId: record.aliasZoneId, DNSName: record.value, EvaluateTargetHealth: false }
    };
  }
  return { Name: record.name, Type: record.type, TTL, ResourceRecords: [{ Value: record.value }] };
}
function matches(existing, record) {
  if (normalizeName(existing.Name ?? "") !== normalizeName(record.name) || existing.Type !== record.type) return false;
  if (record.aliasZoneId) {
    return existing.AliasTarget?.HostedZoneId === record.aliasZoneId && normalizeName(existing.AliasTarget?.DNSName ?? "") === normalizeName(record.value);
  }
  const values = existing.ResourceRecords ?? [];
  return values.length === 1 && normalizeName(values[0].Value ?? "") === normalizeName(record.value) && !existing.AliasTarget;
}
var ZoneRecords = class {
  constructor(client, hostedZoneId) {
    this.client = client;
    this.hostedZoneId = hostedZoneId;
  }
  /** The record set of this name and type in the zone, if any. */
  async find(name, type) {
    const out = await this.client.send(new import_client_route_53.ListResourceRecordSetsCommand({
      HostedZoneId: this.hostedZoneId,
      StartRecordName: name,
      StartRecordType: type,
      MaxItems: 1
    }));
    const first = out.ResourceRecordSets?.[0];
    return first && normalizeName(first.Name ?? "") === normalizeName(name) && first.Type === type ? first : void 0;
  }
  /** UPSERT the records that are missing or different; returns how many were written. */
  async upsert(records) {
    const changes = [];
    for (const record of records) {
      const existing = await this.find(record.name, record.type);
      if (!existing || !matches(existing, record)) {
        changes.push({ Action: "UPSERT", ResourceRecordSet: toRecordSet(record) });
      }
    }
    if (changes.length > 0) {
      await this.client.send(new import_client_route_53.ChangeResourceRecordSetsCommand({
        HostedZoneId: this.hostedZoneId,
        ChangeBatch: { Comment: "cdk-apprunner-kit custom domain", Changes: changes }
      }));
    }
    return changes.length;
  }
  /**
   * DELETE the records that are in the zone exactly as we wrote them; a record with another
   * value (someone else's) or no record at all is left alone. Returns how many were deleted.
   */
  async deleteOwn(records) {
    const changes = [];
    for (const record of records) {
      const existing = await this.find(record.name, record.type);
      if (existing && matches(existing, record)) {
        changes.push({ Action: "DELETE", ResourceRecordSet: existing });
      }
    }
    if (changes.length > 0) {
      await this.client.send(new import_client_route_53.ChangeResourceRecordSetsCommand({
        HostedZoneId: this.hostedZoneId,
        ChangeBatch: { Comment: "cdk-apprunner-kit custom domain removed", Changes: changes }
      }));
    }
    return changes.length;
  }
};

// src/operations/runtime/props.ts
var Props = class {
  constructor(resourceType, props = {}) {
    this.resourceType = resourceType;
    this.props = props;
  }
  /** A required, non-empty string. */
  string(name) {
    const value = this.props[name];
    if (typeof value !== "string" || value === "") {
      throw new Error(`${this.resourceType}: property ${name} is required, got ${JSON.stringify(value)}`);
    }
    return value;
  }
  /** An optional string (undefined when absent or empty). */
  optionalString(name) {
    const value = this.props[name];
    return value === void 0 || value === "" ? void 0 : String(value);
  }
  /** A boolean given as "true"/"false" (true/false accepted too); `fallback` when absent. */
  boolean(name, fallback) {
    const value = this.props[name];
    if ((value === void 0 || value === "") && fallback !== void 0) return fallback;
    if (value === "true" || value === true) return true;
    if (value === "false" || value === false) return false;
    throw new Error(`${this.resourceType}: property ${name} must be "true" or "false", got ${JSON.stringify(value)}`);
  }
  /** A positive integer given as a string; `fallback` when absent. */
  positiveInteger(name, fallback) {
    const value = this.props[name];
    if (value === void 0 || value === "") return fallback;
    const n = typeof value === "number" ? value : Number(value);
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(`${this.resourceType}: property ${name} must be a positive whole number, got ${JSON.stringify(value)}`);
    }
    return n;
  }
};

// src/operations/runtime/resource-handler.ts
var DEFAULT_TIMEOUT_SECONDS = 1800;
var ResourceHandler = class {
  constructor(event, now = Date.now) {
    this.event = event;
    this.now = now;
    this.props = new Props(event.ResourceType, event.ResourceProperties);
    this.oldProps = new Props(event.ResourceType, event.OldResourceProperties);
    this.physicalResourceId = event.PhysicalResourceId;
    this.data = { ...event.Data ?? {} };
  }
  props;
  oldProps;
  physicalResourceId;
  data;
  /** The last status a poll saw, for the timeout message. */
  lastStatus = "unknown";
  async onEvent() {
    const response = await this.dispatchEvent();
    return {
      PhysicalResourceId: response.PhysicalResourceId ?? this.physicalResourceId,
      Data: { ...response.Data, StartedAt: String(this.now()) }
    };
  }
  async isComplete() {
    const response = await this.dispatchComplete();
    if (response.IsComplete) return response;
    const timeoutSeconds = this.props.positiveInteger("TimeoutSeconds", DEFAULT_TIMEOUT_SECONDS);
    const startedAt = Number(this.data.StartedAt ?? this.now());
    const elapsed = (this.now() - startedAt) / 1e3;
    if (elapsed >= timeoutSeconds) {
      throw new Error(`Timed out after ${timeoutSeconds} s waiting for ${this.waitingFor()} (last status: ${this.lastStatus})`);
    }
    return response;
  }
  /** Most resources leave nothing behind: delete does nothing unless overridden. */
  async onDelete() {
    return {};
  }
  async isDeleteComplete() {
    return { IsComplete: true };
  }
  dispatchEvent() {
    switch (this.event.RequestType) {
      case "Create":
        return this.onCreate();
      case "Update":
        return this.onUpdate();
      case "Delete":
        return this.onDelete();
      default:
        throw new Error(`Unknown request type ${JSON.stringify(this.event.RequestType)}`);
    }
  }
  dispatchComplete() {
    switch (this.event.RequestType) {
      case "Create":
        return this.isCreateComplete();
      case "Update":
        return this.isUpdateComplete();
      case "Delete":
        return this.isDeleteComplete();
      default:
        throw new Error(`Unknown request type ${JSON.stringify(this.event.RequestType)}`);
    }
  }
};
var COMPLETE = { IsComplete: true };
var NOT_YET = { IsComplete: false };

// src/operations/runtime/stack-status.ts
var import_client_cloudformation = require("@aws-sdk/client-cloudformation");
async function stackStatus(cfn, stackId) {
  const out = await cfn.send(new import_client_cloudformation.DescribeStacksCommand({ StackName: stackId }));
  return out.Stacks?.[0]?.StackStatus ?? "";
}
async function stackRollingBack(cfn, stackId) {
  return /ROLLBACK_IN_PROGRESS$/.test(await stackStatus(cfn, stackId));
}

// src/operations/runtime/custom-domain.ts
var CustomDomainHandler = class extends ResourceHandler {
  constructor(client, route53, cfn, event, now) {
    super(event, now);
    this.client = client;
    this.route53 = route53;
    this.cfn = cfn;
  }
  /** This resource's domain (new properties). */
  get target() {
    return { serviceArn: this.props.string("ServiceArn"), domainName: this.props.string("DomainName") };
  }
  /** The domain of the old properties (an update). */
  get oldTarget() {
    return { serviceArn: this.oldProps.string("ServiceArn"), domainName: this.oldProps.string("DomainName") };
  }
  waitingFor() {
    const what = this.event.RequestType === "Delete" ? "the removal" : "the association";
    return `${what} of custom domain ${this.props.string("DomainName")} of ${this.props.string("ServiceArn")}`;
  }
  async onCreate() {
    return { PhysicalResourceId: this.physicalId(), Data: await this.associate() };
  }
  async onUpdate() {
    const old = this.oldTarget;
    if (this.target.serviceArn !== old.serviceArn) {
      const state = await this.describe(old);
      const oldZone2 = this.oldProps.optionalString("HostedZoneId");
      if (oldZone2 && state.domain) {
        await new ZoneRecords(this.route53, oldZone2).deleteOwn(this.desiredRecords(state, this.oldProps.optionalString.bind(this.oldProps)));
      }
      if (state.domain && !statusIs(state.domain.Status, "deleting")) await this.disassociate(old);
      return { PhysicalResourceId: this.physicalId(), Data: { Phase: "MOVE" } };
    }
    if (normalizeName(this.target.domainName) !== normalizeName(old.domainName)) {
      return this.onCreate();
    }
    const oldZone = this.oldProps.optionalString("HostedZoneId");
    if (oldZone && (oldZone !== this.props.optionalString("HostedZoneId") || this.recordsChanged())) {
      const state = await this.describe();
      const sameZone = oldZone === this.props.optionalString("HostedZoneId");
      const keep = new Set(sameZone ? this.desiredRecords(state, this.props.optionalString.bind(this.props)).map(recordKey) : []);
      const stale = this.desiredRecords(state, this.oldProps.optionalString.bind(this.oldProps)).filter((r) => !keep.has(recordKey(r)));
      await new ZoneRecords(this.route53, oldZone).deleteOwn(stale);
    }
    if (this.props.boolean("EnableWwwSubdomain", true) !== this.oldProps.boolean("EnableWwwSubdomain", true)) {
      await this.disassociate(this.target);
      return { PhysicalResourceId: this.physicalId(), Data: { Phase: "ASSOCIATE" } };
    }
    return { PhysicalResourceId: this.physicalId(), Data: {} };
  }
  async onDelete() {
    const state = await this.describe();
    const zone = this.props.optionalString("HostedZoneId");
    if (zone) {
      await new ZoneRecords(this.route53, zone).deleteOwn(this.desiredRecords(state, this.props.optionalString.bind(this.props)));
    }
    if (state.domain && !statusIs(state.domain.Status, "deleting")) {
      if (await this.leaveToServiceDeletion()) return { Data: { LeftToService: "true" } };
      return { Data: await this.disassociate(this.target) };
    }
    return { Data: {} };
  }
  isCreateComplete() {
    return this.isUpdateComplete();
  }
  async isUpdateComplete() {
    const state = await this.describe();
    const domain = state.domain;
    const wantWww = this.props.boolean("EnableWwwSubdomain", true);
    if (this.data.Phase === "MOVE") {
      const old = await this.describe(this.oldTarget);
      if (old.domain) {
        if (!statusIs(old.domain.Status, "deleting")) await this.disassociate(this.oldTarget);
        this.lastStatus = `${old.domain.Status ?? "unknown"} on ${this.oldTarget.serviceArn}`;
        return NOT_YET;
      }
    }
    if (this.data.Phase === "ASSOCIATE" || this.data.Phase === "MOVE") {
      if (domain && statusIs(domain.Status, "deleting")) return NOT_YET;
      if (!domain) {
        await this.associate();
        return NOT_YET;
      }
      if (domain.EnableWWWSubdomain !== void 0 && domain.EnableWWWSubdomain !== wantWww) {
        this.lastStatus = `${domain.Status ?? "unknown"} with the old www setting`;
        await this.disassociate(this.target);
        return NOT_YET;
      }
    }
    if (!domain) return NOT_YET;
    this.lastStatus = domain.Status ?? "unknown";
    if (statusIs(domain.Status, "create_failed", "delete_failed")) {
      throw new Error(`Custom domain ${domain.DomainName} of ${this.props.string("ServiceArn")} is ${domain.Status}`);
    }
    const validation = domain.CertificateValidationRecords ?? [];
    if (validation.length === 0 && !statusIs(domain.Status, "active")) return NOT_YET;
    const zone = this.props.optionalString("HostedZoneId");
    if (zone) {
      const written = await new ZoneRecords(this.route53, zone).upsert(this.desiredRecords(state, this.props.optionalString.bind(this.props)));
      if (written > 0 && !statusIs(domain.Status, "active")) return NOT_YET;
    }
    if (this.props.boolean("WaitForActive", false) && !statusIs(domain.Status, "active")) return NOT_YET;
    return { IsComplete: true, Data: this.attributes(state) };
  }
  async isDeleteComplete() {
    if (this.data.LeftToService === "true") return COMPLETE;
    const state = await this.describe();
    if (!state.domain) return COMPLETE;
    this.lastStatus = state.domain.Status ?? "unknown";
    if (statusIs(state.domain.Status, "delete_failed")) {
      throw new Error(`Custom domain ${state.domain.DomainName} of ${this.props.string("ServiceArn")} is ${state.domain.Status}`);
    }
    if (!statusIs(state.domain.Status, "deleting")) await this.disassociate(this.target);
    return NOT_YET;
  }
  /**
   * On delete: whether the service is PAUSED while its whole stack is being deleted, so that
   * its deletion (which follows this resource's) removes the association App Runner would
   * not remove now.
   */
  async leaveToServiceDeletion() {
    if (!await this.isPaused(this.target)) return false;
    if (statusIs(await stackStatus(this.cfn, this.event.StackId), "DELETE_IN_PROGRESS")) return true;
    throw this.pausedError("remove", this.target);
  }
  /** A domain change met InvalidStateException: a PAUSED service fails now, otherwise later. */
  async refusedWhilePaused(verb, target) {
    if (await this.isPaused(target)) throw this.pausedError(verb, target);
  }
  async isPaused(target) {
    return statusIs(await new AppRunnerReader(this.client).serviceStatus(target.serviceArn), "PAUSED");
  }
  pausedError(verb, target) {
    return new Error(`App Runner service ${target.serviceArn} is PAUSED: App Runner refuses to ${verb} custom domain ${target.domainName} while the service is paused (resume it, e.g. with paused: false, deploy, then change the domain)`);
  }
  physicalId() {
    return `${this.props.string("ServiceArn")}|${normalizeName(this.props.string("DomainName"))}`;
  }
  recordsChanged() {
    return ["RecordMode", "DualStack", "AliasHostedZoneId", "EnableWwwSubdomain"].some((p) => this.props.optionalString(p) !== this.oldProps.optionalString(p));
  }
  /**
   * AssociateCustomDomain; "already associated" is fine (the describe that follows must then
   * list the domain on this service); another operation running: later; a PAUSED service: fail.
   */
  async associate() {
    try {
      await this.client.send(new import_client_apprunner2.AssociateCustomDomainCommand({
        ServiceArn: this.target.serviceArn,
        DomainName: this.target.domainName,
        EnableWWWSubdomain: this.props.boolean("EnableWwwSubdomain", true)
      }));
    } catch (e) {
      const already = /already associated/i.test(String(e.message));
      if (isInvalidState(e) && !already) {
        await this.refusedWhilePaused("associate", this.target);
        return { Phase: "ASSOCIATE" };
      }
      if (!already) throw e;
    }
    return {};
  }
  /** DisassociateCustomDomain; not found is done; another operation running: later; PAUSED: fail. */
  async disassociate(target) {
    try {
      await this.client.send(new import_client_apprunner2.DisassociateCustomDomainCommand({ ServiceArn: target.serviceArn, DomainName: target.domainName }));
    } catch (e) {
      if (isNotFound(e) || /no custom domain .* found/i.test(String(e.message))) return {};
      if (isInvalidState(e)) {
        await this.refusedWhilePaused("remove", target);
        return { Phase: "DISASSOCIATE" };
      }
      throw e;
    }
    return {};
  }
  /** The service's DNS target and the domain (every page of DescribeCustomDomains). */
  async describe(target = this.target) {
    const wanted = normalizeName(target.domainName);
    let nextToken;
    let dnsTarget;
    try {
      do {
        const out = await this.client.send(new import_client_apprunner2.DescribeCustomDomainsCommand({ ServiceArn: target.serviceArn, NextToken: nextToken }));
        dnsTarget = out.DNSTarget ?? dnsTarget;
        const domain = (out.CustomDomains ?? []).find((d) => normalizeName(d.DomainName ?? "") === wanted);
        if (domain) return { dnsTarget, domain };
        nextToken = out.NextToken;
      } while (nextToken);
    } catch (e) {
      if (isNotFound(e) || errorName(e) === "ResourceNotFoundException") return {};
      throw e;
    }
    return { dnsTarget };
  }
  /** The records this resource writes, for the properties read by `prop`. */
  desiredRecords(state, prop) {
    const records = (state.domain?.CertificateValidationRecords ?? []).filter((r) => r.Name && r.Value).map((r) => ({ name: r.Name, type: "CNAME", value: r.Value }));
    const target = state.dnsTarget;
    const domainName = prop("DomainName");
    if (!target || !domainName) return records;
    const mode = prop("RecordMode");
    if (mode === "ALIAS") {
      const aliasZoneId = prop("AliasHostedZoneId");
      records.push({ name: domainName, type: "A", value: target, aliasZoneId });
      if (prop("DualStack") === "true") records.push({ name: domainName, type: "AAAA", value: target, aliasZoneId });
    } else if (mode === "CNAME") {
      records.push({ name: domainName, type: "CNAME", value: target });
    }
    if (mode !== "NONE" && mode !== void 0 && prop("EnableWwwSubdomain") !== "false") {
      records.push({ name: `www.${domainName}`, type: "CNAME", value: target });
    }
    return records;
  }
  /** The resource's attributes (GetAtt). */
  attributes(state) {
    const validation = (state.domain?.CertificateValidationRecords ?? []).map((r) => ({ name: r.Name ?? "", type: r.Type ?? "CNAME", value: r.Value ?? "" }));
    const data = {
      DNSTarget: state.dnsTarget ?? "",
      Status: (state.domain?.Status ?? "").toLowerCase(),
      ValidationRecords: JSON.stringify(validation)
    };
    validation.forEach((r, i) => {
      data[`ValidationRecord${i}Name`] = r.name;
      data[`ValidationRecord${i}Type`] = r.type;
      data[`ValidationRecord${i}Value`] = r.value;
    });
    return data;
  }
};
function recordKey(r) {
  return `${normalizeName(r.name)}|${r.type}|${r.value}|${r.aliasZoneId ?? ""}`;
}

// src/operations/runtime/default-auto-scaling.ts
var import_client_apprunner3 = require("@aws-sdk/client-apprunner");
var PREFIX = "default-auto-scaling|";
var DefaultAutoScalingHandler = class extends ResourceHandler {
  constructor(client, event, now) {
    super(event, now);
    this.client = client;
  }
  waitingFor() {
    return "the default auto scaling configuration";
  }
  async onCreate() {
    const arn = this.props.string("AutoScalingConfigurationArn");
    const previous = await this.currentDefault();
    await this.client.send(new import_client_apprunner3.UpdateDefaultAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn }));
    const keep = previous && previous !== arn ? previous : "none";
    return { PhysicalResourceId: `${PREFIX}${keep}`, Data: { PreviousDefaultArn: keep === "none" ? "" : keep } };
  }
  async onUpdate() {
    await this.client.send(new import_client_apprunner3.UpdateDefaultAutoScalingConfigurationCommand({
      AutoScalingConfigurationArn: this.props.string("AutoScalingConfigurationArn")
    }));
    return { PhysicalResourceId: this.physicalResourceId, Data: { PreviousDefaultArn: this.previousDefault() ?? "" } };
  }
  async onDelete() {
    const ours = this.props.string("AutoScalingConfigurationArn");
    const configurations = await this.list();
    const current = currentDefaultOf(configurations);
    if (current !== void 0 && current !== ours) return { Data: { Restored: "" } };
    const candidates = [this.previousDefault(), appRunnerDefault(configurations)].filter((arn) => arn !== void 0 && arn !== ours);
    for (const arn of candidates) {
      try {
        await this.client.send(new import_client_apprunner3.UpdateDefaultAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn }));
        return { Data: { Restored: arn } };
      } catch (e) {
        if (!isNotFound(e) && errorName(e) !== "InvalidRequestException") throw e;
      }
    }
    return { Data: { Restored: "" } };
  }
  async isCreateComplete() {
    return COMPLETE;
  }
  async isUpdateComplete() {
    return COMPLETE;
  }
  async isDeleteComplete() {
    return COMPLETE;
  }
  previousDefault() {
    const id = this.physicalResourceId ?? "";
    const previous = id.startsWith(PREFIX) ? id.slice(PREFIX.length) : "";
    return previous && previous !== "none" ? previous : void 0;
  }
  /** The ARN of the account's current default configuration, if any. */
  async currentDefault() {
    return currentDefaultOf(await this.list());
  }
  /** The account's auto scaling configurations (every page). */
  async list() {
    const all = [];
    let nextToken;
    do {
      const out = await this.client.send(new import_client_apprunner3.ListAutoScalingConfigurationsCommand({ NextToken: nextToken }));
      all.push(...out.AutoScalingConfigurationSummaryList ?? []);
      nextToken = out.NextToken;
    } while (nextToken);
    return all;
  }
};
function currentDefaultOf(configurations) {
  return configurations.find((c) => c.IsDefault && statusIs(c.Status, "ACTIVE"))?.AutoScalingConfigurationArn;
}
function appRunnerDefault(configurations) {
  return configurations.filter((c) => c.AutoScalingConfigurationName === "DefaultConfiguration" && statusIs(c.Status, "ACTIVE")).sort((a, b) => (b.AutoScalingConfigurationRevision ?? 0) - (a.AutoScalingConfigurationRevision ?? 0))[0]?.AutoScalingConfigurationArn;
}

// src/operations/runtime/deployment.ts
var import_client_apprunner4 = require("@aws-sdk/client-apprunner");

// src/operations/runtime/service-operation.ts
var SKEW_MS = 5e3;
var ServiceOperation = class {
  constructor(reader, spec) {
    this.reader = reader;
    this.spec = spec;
  }
  /** The last service or operation status seen (for timeout messages). */
  lastStatus = "unknown";
  /**
   * onEvent: try to start. Returns the Data to hand to isComplete. An operation of the same
   * type already running (a retried event's first attempt, or an automatic deployment of the
   * image just pushed) is followed instead of starting another one after it.
   */
  async begin() {
    const status = await this.status();
    if (this.spec.targetStatus && statusIs(status, this.spec.targetStatus)) return { Done: "true" };
    if (statusIs(status, "OPERATION_IN_PROGRESS")) {
      const latest = await this.reader.latestOperation(this.spec.serviceArn);
      if (latest?.Id && statusIs(latest.Type, this.spec.type) && operationRunning(latest)) return { OperationId: latest.Id };
      return {};
    }
    return this.tryStart();
  }
  /** isComplete: true when done; throws when the operation failed. */
  async poll(data, startedAt) {
    if (data.Done === "true") return true;
    if (data.OperationId) return this.follow(data.OperationId);
    const status = await this.status();
    if (this.spec.targetStatus && statusIs(status, this.spec.targetStatus)) return true;
    const latest = await this.reader.latestOperation(this.spec.serviceArn);
    if (latest && statusIs(latest.Type, this.spec.type) && (latest.StartedAt?.getTime() ?? 0) >= startedAt - SKEW_MS) {
      this.lastStatus = `${latest.Type} ${latest.Status}`;
      if (operationFailed(latest)) throw this.failure(describeOperation(latest));
      if (operationRunning(latest)) return false;
      return statusIs(latest.Status, "SUCCEEDED");
    }
    if (statusIs(status, "OPERATION_IN_PROGRESS")) return false;
    const started = await this.tryStart();
    return started.Done === "true";
  }
  async follow(operationId) {
    const op = await this.reader.operation(this.spec.serviceArn, operationId);
    if (!op) return false;
    this.lastStatus = `${op.Type} ${op.Status}`;
    if (operationFailed(op)) throw this.failure(describeOperation(op));
    return statusIs(op.Status, "SUCCEEDED");
  }
  async status() {
    const status = await this.reader.serviceStatus(this.spec.serviceArn);
    if (status === void 0) {
      throw new Error(`App Runner service ${this.spec.serviceArn} does not exist`);
    }
    this.lastStatus = status;
    const refusal = Object.entries(this.spec.refuseIn ?? {}).find(([s]) => statusIs(status, s));
    if (refusal) throw new Error(refusal[1]);
    return status;
  }
  async tryStart() {
    try {
      const operationId = await this.spec.start();
      return operationId ? { OperationId: operationId } : { Done: "true" };
    } catch (e) {
      if (isInvalidState(e)) return {};
      throw e;
    }
  }
  failure(detail) {
    return new Error(`App Runner operation ${detail} on ${this.spec.serviceArn}`);
  }
};

// src/operations/runtime/deployment.ts
var DeploymentHandler = class extends ResourceHandler {
  constructor(client, cfn, event, now) {
    super(event, now);
    this.client = client;
    this.cfn = cfn;
  }
  waitingFor() {
    return `the deployment of ${this.props.string("ServiceArn")}`;
  }
  async onCreate() {
    return { PhysicalResourceId: this.physicalId(), Data: { Done: "true" } };
  }
  async onUpdate() {
    const serviceArn = this.props.string("ServiceArn");
    if (serviceArn !== this.oldProps.optionalString("ServiceArn")) return this.onCreate();
    if (this.props.optionalString("Trigger") === this.oldProps.optionalString("Trigger")) {
      return { PhysicalResourceId: this.physicalId(), Data: { Done: "true" } };
    }
    if (await stackRollingBack(this.cfn, this.event.StackId)) {
      return { PhysicalResourceId: this.physicalId(), Data: { Done: "true" } };
    }
    return { PhysicalResourceId: this.physicalId(), Data: await this.operation().begin() };
  }
  async isCreateComplete() {
    return COMPLETE;
  }
  async isUpdateComplete() {
    const operation = this.operation();
    const done = await operation.poll(this.data, Number(this.data.StartedAt ?? this.now()));
    this.lastStatus = operation.lastStatus;
    return { IsComplete: done };
  }
  physicalId() {
    return `${this.props.string("ServiceArn")}/deployment`;
  }
  operation() {
    const serviceArn = this.props.string("ServiceArn");
    return new ServiceOperation(new AppRunnerReader(this.client), {
      serviceArn,
      type: "START_DEPLOYMENT",
      start: async () => (await this.client.send(new import_client_apprunner4.StartDeploymentCommand({ ServiceArn: serviceArn }))).OperationId,
      refuseIn: {
        PAUSED: `App Runner service ${serviceArn} is PAUSED: App Runner refuses StartDeployment while paused (resume it, e.g. with paused: false, and deploy again)`,
        CREATE_FAILED: `App Runner service ${serviceArn} is CREATE_FAILED: it cannot be redeployed`
      }
    });
  }
};

// src/operations/runtime/pre-update-resume.ts
var import_client_cloudformation2 = require("@aws-sdk/client-cloudformation");

// src/operations/runtime/run-state.ts
var import_client_apprunner5 = require("@aws-sdk/client-apprunner");
function runStateOperation(client, serviceArn, paused) {
  return new ServiceOperation(new AppRunnerReader(client), paused ? {
    serviceArn,
    type: "PAUSE_SERVICE",
    targetStatus: "PAUSED",
    start: async () => (await client.send(new import_client_apprunner5.PauseServiceCommand({ ServiceArn: serviceArn }))).OperationId,
    refuseIn: { CREATE_FAILED: `App Runner service ${serviceArn} is CREATE_FAILED: it cannot be paused` }
  } : {
    serviceArn,
    type: "RESUME_SERVICE",
    targetStatus: "RUNNING",
    start: async () => (await client.send(new import_client_apprunner5.ResumeServiceCommand({ ServiceArn: serviceArn }))).OperationId,
    refuseIn: { CREATE_FAILED: `App Runner service ${serviceArn} is CREATE_FAILED: it cannot be resumed` }
  });
}
var RunStateHandler = class extends ResourceHandler {
  operation;
  constructor(client, event, now) {
    super(event, now);
    if (event.RequestType !== "Delete") {
      this.operation = runStateOperation(client, this.props.string("ServiceArn"), this.props.boolean("Paused"));
    }
  }
  waitingFor() {
    return `${this.props.boolean("Paused") ? "the pause" : "the resume"} of ${this.props.string("ServiceArn")}`;
  }
  async onCreate() {
    return { PhysicalResourceId: `${this.props.string("ServiceArn")}/run-state`, Data: await this.operation.begin() };
  }
  async onUpdate() {
    return this.onCreate();
  }
  isCreateComplete() {
    return this.isUpdateComplete();
  }
  async isUpdateComplete() {
    const done = await this.operation.poll(this.data, Number(this.data.StartedAt ?? this.now()));
    this.lastStatus = this.operation.lastStatus;
    return { IsComplete: done };
  }
};

// src/operations/runtime/pre-update-resume.ts
var PreUpdateResumeHandler = class extends ResourceHandler {
  constructor(client, cfn, event, now) {
    super(event, now);
    this.client = client;
    this.cfn = cfn;
  }
  waitingFor() {
    return `the resume (before update) of ${this.data.ServiceArn ?? this.props.string("ServiceLogicalId")}`;
  }
  async onCreate() {
    const physicalId = `${this.props.string("StackId")}/${this.props.string("ServiceLogicalId")}/pre-update-resume`;
    const serviceArn = await this.serviceArn();
    if (!serviceArn) return { PhysicalResourceId: physicalId, Data: { Done: "true", WasPaused: "false" } };
    const status = await new AppRunnerReader(this.client).serviceStatus(serviceArn);
    this.lastStatus = status ?? "missing";
    if (!statusIs(status, "PAUSED", "OPERATION_IN_PROGRESS")) {
      return { PhysicalResourceId: physicalId, Data: { Done: "true", WasPaused: "false" } };
    }
    const data = await runStateOperation(this.client, serviceArn, false).begin();
    return { PhysicalResourceId: physicalId, Data: { ...data, ServiceArn: serviceArn, WasPaused: String(statusIs(status, "PAUSED")) } };
  }
  onUpdate() {
    return this.onCreate();
  }
  isCreateComplete() {
    return this.isUpdateComplete();
  }
  async isUpdateComplete() {
    if (this.data.Done === "true" || !this.data.ServiceArn) return COMPLETE;
    const operation = runStateOperation(this.client, this.data.ServiceArn, false);
    const done = await operation.poll(this.data, Number(this.data.StartedAt ?? this.now()));
    this.lastStatus = operation.lastStatus;
    return { IsComplete: done };
  }
  /** The service's ARN (its physical id in the stack), or undefined before it exists. */
  async serviceArn() {
    try {
      const out = await this.cfn.send(new import_client_cloudformation2.DescribeStackResourceCommand({
        StackName: this.props.string("StackId"),
        LogicalResourceId: this.props.string("ServiceLogicalId")
      }));
      const id = out.StackResourceDetail?.PhysicalResourceId;
      return id && id.startsWith("arn:") ? id : void 0;
    } catch (e) {
      if (/does not exist/i.test(String(e?.message))) return void 0;
      throw e;
    }
  }
};

// src/operations/runtime/rollback-check.ts
var RollbackCheckHandler = class extends ResourceHandler {
  constructor(client, cfn, event, now) {
    super(event, now);
    this.client = client;
    this.cfn = cfn;
  }
  waitingFor() {
    return `the latest operation of ${this.props.string("ServiceArn")} to end`;
  }
  async onCreate() {
    return { PhysicalResourceId: `${this.props.string("ServiceArn")}/rollback-check` };
  }
  async onUpdate() {
    const rollingBack = await stackRollingBack(this.cfn, this.event.StackId);
    return { ...await this.onCreate(), Data: rollingBack ? { RollingBack: "true" } : {} };
  }
  isCreateComplete() {
    return this.isUpdateComplete();
  }
  async isUpdateComplete() {
    if (this.data.RollingBack === "true") return COMPLETE;
    const serviceArn = this.props.string("ServiceArn");
    const latest = await new AppRunnerReader(this.client).latestOperation(serviceArn);
    if (!latest) return COMPLETE;
    this.lastStatus = `${latest.Type} ${latest.Status}`;
    if (operationRunning(latest)) return NOT_YET;
    if (operationFailed(latest)) {
      throw new Error(`App Runner operation ${describeOperation(latest)} on ${serviceArn}: the deployment was rolled back or failed`);
    }
    return { IsComplete: true, Data: { OperationId: latest.Id ?? "", OperationStatus: latest.Status ?? "" } };
  }
};

// src/operations/runtime/index.ts
var defaultClients;
function clients() {
  defaultClients ??= {
    appRunner: new import_client_apprunner6.AppRunnerClient({}),
    cloudFormation: new import_client_cloudformation3.CloudFormationClient({}),
    route53: new import_client_route_532.Route53Client({})
  };
  return defaultClients;
}
var RESOURCE_TYPES = [
  "Custom::AppRunnerRunState",
  "Custom::AppRunnerPreUpdateResume",
  "Custom::AppRunnerDeployment",
  "Custom::AppRunnerRollbackCheck",
  "Custom::AppRunnerDefaultAutoScaling",
  "Custom::AppRunnerCustomDomain"
];
function handlerFor(event, c = clients(), now) {
  switch (event.ResourceType) {
    case "Custom::AppRunnerRunState":
      return new RunStateHandler(c.appRunner, event, now);
    case "Custom::AppRunnerPreUpdateResume":
      return new PreUpdateResumeHandler(c.appRunner, c.cloudFormation, event, now);
    case "Custom::AppRunnerDeployment":
      return new DeploymentHandler(c.appRunner, c.cloudFormation, event, now);
    case "Custom::AppRunnerRollbackCheck":
      return new RollbackCheckHandler(c.appRunner, c.cloudFormation, event, now);
    case "Custom::AppRunnerDefaultAutoScaling":
      return new DefaultAutoScalingHandler(c.appRunner, event, now);
    case "Custom::AppRunnerCustomDomain":
      return new CustomDomainHandler(c.appRunner, c.route53, c.cloudFormation, event, now);
    default:
      throw new Error(`Unsupported resource type ${JSON.stringify(event.ResourceType)}; this handler serves ${RESOURCE_TYPES.join(", ")}`);
  }
}
async function isComplete(event) {
  const response = await handlerFor(event).isComplete();
  log("isComplete", { ResourceType: event.ResourceType, RequestType: event.RequestType, IsComplete: response.IsComplete });
  return response;
}
function log(what, value) {
  if (process.env.APPRUNNER_KIT_QUIET !== "true") console.log(`${what}: ${JSON.stringify(value)}`);
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
