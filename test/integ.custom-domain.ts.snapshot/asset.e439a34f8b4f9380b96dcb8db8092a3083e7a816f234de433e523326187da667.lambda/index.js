"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
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
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/operations/functions/on-event.lambda.ts
var on_event_lambda_exports = {};
__export(on_event_lambda_exports, {
  handler: () => onEvent
});
module.exports = __toCommonJS(on_event_lambda_exports);

// src/operations/runtime/index.ts
var import_client_apprunner10 = require("@aws-sdk/client-apprunner");
var import_client_cloudformation4 = require("@aws-sdk/client-cloudformation");
var import_client_elastic_load_balancing_v22 = require("@aws-sdk/client-elastic-load-balancing-v2");
var import_client_route_532 = require("@aws-sdk/client-route-53");
var import_client_sts2 = require("@aws-sdk/client-sts");

// src/operations/runtime/connection.ts
var crypto2 = __toESM(require("crypto"));
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
var THROTTLING = ["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "PriorRequestNotComplete"];
function isThrottling(error) {
  const status = error?.$metadata?.httpStatusCode;
  return THROTTLING.includes(errorName(error)) || status === 429;
}
function describeError(error) {
  return `${errorName(error) || "Error"}: ${error?.message ?? String(error)}`;
}
var THROTTLE_BASE_ENV = "APPRUNNER_KIT_THROTTLE_BASE_MS";
var DEFAULT_THROTTLE_BASE_MS = 1e3;
var THROTTLE_BUDGET_BASES = 40;
var THROTTLE_MAX_DELAY_BASES = 10;
var THROTTLE_DEADLINE_MS = 45e3;
function throttleBaseMs() {
  const configured = Number(process.env[THROTTLE_BASE_ENV]);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_THROTTLE_BASE_MS;
}
function backoffDelay(attempt, baseMs, random = Math.random) {
  const step = Math.min(THROTTLE_MAX_DELAY_BASES, 2 ** attempt) * baseMs;
  return step / 2 + random() * (step / 2);
}
async function retryThrottled(fn, what) {
  const base = throttleBaseMs();
  const started = Date.now();
  let slept = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isThrottling(e)) throw e;
      const delay = backoffDelay(attempt, base);
      if (slept + delay > THROTTLE_BUDGET_BASES * base || Date.now() - started + delay > THROTTLE_DEADLINE_MS) {
        throw new Error(`Still throttled after ${attempt + 1} attempts while starting ${what()} (${describeError(e)}): deploy again later, or deploy fewer services at once`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      slept += delay;
    }
  }
}
var DELETED_STATUSES = ["DELETED", "DELETE_FAILED"];
function serviceDeleted(status) {
  return statusIs(status, ...DELETED_STATUSES);
}
var RECREATE = "Remove the service from the stack, or give it a new name so that CloudFormation creates a new one, and deploy again";
function deletedServiceError(serviceArn, status, action) {
  if (statusIs(status, "DELETE_FAILED")) {
    return new Error(`App Runner service ${serviceArn} is DELETE_FAILED: cannot ${action}. Delete it again (App Runner console or DeleteService), then remove it from the stack or give it a new name, and deploy again`);
  }
  return new Error(`App Runner service ${serviceArn} is ${status.toUpperCase()} (deleted outside CloudFormation?): cannot ${action}. ${RECREATE}`);
}
function deletionError(serviceArn, deletion, action) {
  if (operationRunning(deletion)) {
    return new Error(`App Runner service ${serviceArn} is being deleted (operation ${deletion.Id} DELETE_SERVICE ${deletion.Status}): cannot ${action}. ${RECREATE}`);
  }
  return deletedServiceError(serviceArn, statusIs(deletion.Status, "SUCCEEDED") ? "DELETED" : "DELETE_FAILED", action);
}
function isDeletion(op) {
  return op !== void 0 && statusIs(op.Type, "DELETE_SERVICE");
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
  /**
   * The service's newest operation, and every operation (newest first) that started at or
   * after `since` (milliseconds; only the newest when `since` is undefined). Pages of 20, at
   * most `maxPages` (a deployment starts a handful of operations, not hundreds).
   */
  async operationsSince(serviceArn, since, maxPages = 5) {
    const recent = [];
    let newest;
    let nextToken;
    for (let page = 0; page < maxPages; page++) {
      const out = await this.client.send(new import_client_apprunner.ListOperationsCommand({ ServiceArn: serviceArn, MaxResults: 20, NextToken: nextToken }));
      for (const op of out.OperationSummaryList ?? []) {
        newest ??= op;
        if (since === void 0) return { newest, recent: [op] };
        if ((op.StartedAt?.getTime() ?? 0) < since) return { newest, recent };
        recent.push(op);
      }
      nextToken = out.NextToken;
      if (!nextToken) break;
    }
    return { newest, recent };
  }
};
function describeOperation(op) {
  return `${op.Id} (${op.Type}) ended ${op.Status}`;
}

// src/operations/runtime/arn.ts
function parseArn(arn) {
  const fields = (arn ?? "").split(":");
  if (fields.length < 6 || fields[0] !== "arn") return void 0;
  const [, partition, service, region, account, ...rest] = fields;
  return { partition, service, region, account, resource: rest.join(":").split("/") };
}
function serviceIdOf(serviceArn) {
  const parts = parseArn(serviceArn);
  const r = parts?.resource;
  return parts?.service === "apprunner" && r?.length === 3 && r[0] === "service" && r[2] !== "" ? r[2] : void 0;
}

// src/operations/runtime/resource-handler.ts
var crypto = __toESM(require("crypto"));

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
  /** An integer from `min` to `max` given in decimal digits; undefined when absent. */
  optionalInteger(name, min, max) {
    const value = this.props[name];
    if (value === void 0 || value === "") return void 0;
    const n = typeof value === "number" ? value : /^-?\d+$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`${this.resourceType}: property ${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}`);
    }
    return n;
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
    const response = await retryThrottled(() => this.dispatchEvent(), () => this.waitingFor());
    return {
      PhysicalResourceId: response.PhysicalResourceId ?? this.physicalResourceId,
      Data: { ...response.Data, StartedAt: String(this.now()) }
    };
  }
  async isComplete() {
    let response;
    try {
      response = await this.dispatchComplete();
    } catch (e) {
      if (!isThrottling(e)) throw e;
      this.lastStatus = `throttled (${describeError(e)})`;
      response = NOT_YET;
    }
    if (response.IsComplete) return response;
    const timeoutSeconds = this.props.positiveInteger("TimeoutSeconds", DEFAULT_TIMEOUT_SECONDS);
    const startedAt = Number(this.data.StartedAt ?? this.now());
    const elapsed = (this.now() - startedAt) / 1e3;
    if (elapsed >= timeoutSeconds) {
      throw new Error(`Timed out after ${timeoutSeconds} s waiting for ${this.waitingFor()} (last status: ${this.lastStatus})`);
    }
    return response;
  }
  /**
   * A token unique to the request that makes an instance (16 hex digits of the SHA-256 of
   * `StackId|LogicalResourceId|RequestId`: the same for a retried request), for physical ids
   * that must differ between instances.
   */
  requestToken() {
    return crypto.createHash("sha256").update(`${this.event.StackId}|${this.event.LogicalResourceId}|${this.event.RequestId}`).digest("hex").slice(0, 16);
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

// src/operations/runtime/tag-property.ts
var RESERVED = /^aws:/i;
function parseTagsProperty(resourceType, value) {
  if (value === void 0 || value === "") return {};
  const refuse = () => {
    throw new Error(`${resourceType}: property Tags must be a JSON object of key \u2192 value, got ${JSON.stringify(value)}`);
  };
  let parsed;
  try {
    parsed = JSON.parse(value);
  } catch {
    return refuse();
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return refuse();
  const entries = Object.entries(parsed);
  if (entries.some(([, v]) => !["string", "number", "boolean"].includes(typeof v))) return refuse();
  return Object.fromEntries(entries.filter(([key]) => !RESERVED.test(key)).map(([key, v]) => [key, String(v)]));
}
function tagChanges(wanted, old, keep = []) {
  return {
    set: Object.entries(wanted).filter(([key, value]) => old[key] !== value && !keep.includes(key)).map(([Key, Value]) => ({ Key, Value })),
    remove: Object.keys(old).filter((key) => !(key in wanted) && !keep.includes(key))
  };
}

// src/operations/runtime/connection.ts
var OWNER_TAG = "cdk-apprunner-kit/owner";
function ownerOf(stackId, logicalId) {
  return crypto2.createHash("sha256").update(`${stackId}|${logicalId}`).digest("hex");
}
function connectionsConsoleUrl(region) {
  const r = region || "us-east-1";
  return `https://console.aws.amazon.com/apprunner/home?region=${r}#/connections`;
}
function regionOf(arn) {
  return parseArn(arn)?.region || void 0;
}
async function connectionsNamed(client, name) {
  const found = [];
  let nextToken;
  do {
    const out = await client.send(new import_client_apprunner2.ListConnectionsCommand({ ConnectionName: name, NextToken: nextToken }));
    found.push(...(out.ConnectionSummaryList ?? []).filter((c) => c.ConnectionName === name && !statusIs(c.Status, "DELETED")));
    nextToken = out.NextToken;
  } while (nextToken);
  return found;
}
var ConnectionHandler = class extends ResourceHandler {
  constructor(client, event, now) {
    super(event, now);
    this.client = client;
  }
  waitingFor() {
    const name = this.props.optionalString("ConnectionName") ?? "";
    return `the handshake of App Runner connection ${name} (complete it in the App Runner console: ${connectionsConsoleUrl(regionOf(this.physicalResourceId) ?? process.env.AWS_REGION)})`;
  }
  async onCreate() {
    return this.createOrFind();
  }
  async onUpdate() {
    const name = this.props.string("ConnectionName");
    const provider = this.props.string("ProviderType");
    if (name !== this.oldProps.optionalString("ConnectionName") || provider !== this.oldProps.optionalString("ProviderType") || !this.physicalResourceId?.startsWith("arn:")) {
      return this.createOrFind();
    }
    const arn = this.physicalResourceId;
    const tags = parseTagsProperty(this.event.ResourceType, this.props.optionalString("Tags"));
    const oldTags = parseTagsProperty(this.event.ResourceType, this.oldProps.optionalString("Tags"));
    const { set, remove } = tagChanges(tags, oldTags, [OWNER_TAG]);
    if (remove.length > 0) await this.client.send(new import_client_apprunner2.UntagResourceCommand({ ResourceArn: arn, TagKeys: remove }));
    if (set.length > 0) await this.client.send(new import_client_apprunner2.TagResourceCommand({ ResourceArn: arn, Tags: set }));
    const current = (await connectionsNamed(this.client, name)).find((c) => c.ConnectionArn === arn);
    if (!current) {
      throw new Error(`App Runner connection ${name} (${arn}) no longer exists (deleted outside CloudFormation?): give the Connection a new connectionName so that CloudFormation creates a new one, and deploy again`);
    }
    return { PhysicalResourceId: arn, Data: { ConnectionArn: arn, ConnectionName: name, Status: current.Status ?? "" } };
  }
  async onDelete() {
    const arn = this.physicalResourceId;
    if (!arn?.startsWith("arn:")) return {};
    try {
      await this.client.send(new import_client_apprunner2.DeleteConnectionCommand({ ConnectionArn: arn }));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    return {};
  }
  async isCreateComplete() {
    return this.isHandshakeComplete();
  }
  async isUpdateComplete() {
    return this.isHandshakeComplete();
  }
  /** Done at once without WaitForHandshake; otherwise once the connection is AVAILABLE. */
  async isHandshakeComplete() {
    if (!this.props.boolean("WaitForHandshake", false)) return COMPLETE;
    const name = this.props.string("ConnectionName");
    const arn = this.physicalResourceId;
    const current = (await connectionsNamed(this.client, name)).find((c) => c.ConnectionArn === arn);
    if (!current) throw new Error(`App Runner connection ${name} (${arn}) disappeared while waiting for its handshake`);
    this.lastStatus = current.Status ?? "unknown";
    if (statusIs(current.Status, "AVAILABLE")) {
      return { IsComplete: true, Data: { ConnectionArn: arn, ConnectionName: name, Status: "AVAILABLE" } };
    }
    if (!statusIs(current.Status, "PENDING_HANDSHAKE")) {
      throw new Error(`App Runner connection ${name} (${arn}) is ${current.Status}: the handshake failed. Check it in the App Runner console (${connectionsConsoleUrl(regionOf(arn))})`);
    }
    return NOT_YET;
  }
  /** The connection of this resource's name: its own from an earlier event, or a new one. */
  async createOrFind() {
    const name = this.props.string("ConnectionName");
    const providerType = this.props.string("ProviderType");
    if (!["GITHUB", "BITBUCKET"].includes(providerType)) {
      throw new Error(`${this.event.ResourceType}: property ProviderType must be GITHUB or BITBUCKET, got ${JSON.stringify(providerType)}`);
    }
    const tags = parseTagsProperty(this.event.ResourceType, this.props.optionalString("Tags"));
    const owner = ownerOf(this.event.StackId, this.event.LogicalResourceId);
    for (const existing of await connectionsNamed(this.client, name)) {
      const arn2 = existing.ConnectionArn;
      const out2 = await this.client.send(new import_client_apprunner2.ListTagsForResourceCommand({ ResourceArn: arn2 }));
      const ours = (out2.Tags ?? []).some((t) => t.Key === OWNER_TAG && t.Value === owner);
      if (!ours) {
        throw new Error(`An App Runner connection named ${name} already exists (${arn2}, ${existing.Status}), not created by this resource: connection names are unique per account and region. Choose another connectionName, or use the existing one with Connection.fromConnectionArn or Connection.fromConnectionName`);
      }
      if (existing.ProviderType !== providerType) {
        throw new Error(`App Runner connection ${name} (${arn2}) of this resource is a ${existing.ProviderType} connection, not ${providerType}: change connectionName together with the provider type`);
      }
      return { PhysicalResourceId: arn2, Data: { ConnectionArn: arn2, ConnectionName: name, Status: existing.Status ?? "" } };
    }
    const out = await this.client.send(new import_client_apprunner2.CreateConnectionCommand({
      ConnectionName: name,
      ProviderType: providerType,
      Tags: [...Object.entries(tags).filter(([k]) => k !== OWNER_TAG).map(([Key, Value]) => ({ Key, Value })), { Key: OWNER_TAG, Value: owner }]
    }));
    const arn = out.Connection?.ConnectionArn;
    if (!arn) throw new Error(`CreateConnection for ${name} returned no connection ARN`);
    return { PhysicalResourceId: arn, Data: { ConnectionArn: arn, ConnectionName: name, Status: out.Connection?.Status ?? "" } };
  }
};
var ConnectionCheckHandler = class extends ResourceHandler {
  constructor(client, event, now) {
    super(event, now);
    this.client = client;
  }
  waitingFor() {
    return `App Runner connection ${this.props.optionalString("ConnectionName") ?? ""}`;
  }
  async onCreate() {
    return this.check();
  }
  async onUpdate() {
    return this.check();
  }
  async isCreateComplete() {
    return COMPLETE;
  }
  async isUpdateComplete() {
    return COMPLETE;
  }
  async check() {
    const name = this.props.string("ConnectionName");
    const arn = this.props.optionalString("ConnectionArn");
    const found = (await connectionsNamed(this.client, name)).find((c) => arn === void 0 || c.ConnectionArn === arn);
    const console2 = connectionsConsoleUrl(regionOf(arn ?? found?.ConnectionArn) ?? process.env.AWS_REGION);
    if (!found) {
      throw new Error(`App Runner connection ${name}${arn ? ` (${arn})` : ""} does not exist in this account and region: create it (a Connection construct, or the App Runner console: ${console2})`);
    }
    if (this.props.boolean("RequireAvailable", false) && !statusIs(found.Status, "AVAILABLE")) {
      const what = statusIs(found.Status, "PENDING_HANDSHAKE") ? "its handshake has not been completed: complete it in the App Runner console" : "it cannot be used: check it in the App Runner console";
      throw new Error(`App Runner connection ${name} (${found.ConnectionArn}) is ${found.Status}, not AVAILABLE, so no service can be created on it: ${what} (${console2}), then deploy again`);
    }
    return {
      PhysicalResourceId: `connection-check|${name}`,
      Data: { ConnectionArn: found.ConnectionArn ?? "", Status: found.Status ?? "" }
    };
  }
};

// src/operations/runtime/custom-domain.ts
var import_client_apprunner4 = require("@aws-sdk/client-apprunner");

// src/operations/runtime/dns.ts
var import_client_route_53 = require("@aws-sdk/client-route-53");
var WEIGHT_WHILE_SHARED = 255;
var TTL = 300;
function normalizeName(name) {
  return name.replace(/\\052/g, "*").replace(/\.$/, "").toLowerCase();
}
function toRecordSet(record, weight) {
  const routing = weight !== void 0 ? { SetIdentifier: record.routing.setIdentifier, Weight: weight } : {};
  if (record.aliasZoneId) {
    return {
      Name: record.name,
      Type: record.type,
      ...routing,
      AliasTarget: { HostedZoneId: record.aliasZoneId, DNSName: record.value, EvaluateTargetHealth: false }
    };
  }
  return { Name: record.name, Type: record.type, ...routing, TTL, ResourceRecords: [{ Value: record.value }] };
}
function holdsValue(existing, record) {
  if (normalizeName(existing.Name ?? "") !== normalizeName(record.name) || existing.Type !== record.type) return false;
  if (record.aliasZoneId) {
    return existing.AliasTarget?.HostedZoneId === record.aliasZoneId && normalizeName(existing.AliasTarget?.DNSName ?? "") === normalizeName(record.value);
  }
  const values = existing.ResourceRecords ?? [];
  return values.length === 1 && normalizeName(values[0].Value ?? "") === normalizeName(record.value) && !existing.AliasTarget;
}
function isOwnSet(existing, record) {
  return existing.SetIdentifier === void 0 || existing.SetIdentifier === record.routing?.setIdentifier;
}
function isWritten(existing, record) {
  return isOwnSet(existing, record) && holdsValue(existing, record);
}
var ZoneRecords = class {
  constructor(client, hostedZoneId) {
    this.client = client;
    this.hostedZoneId = hostedZoneId;
  }
  /**
   * The record sets of this name and type in the zone: the simple one, or the weighted ones
   * (every page: Route 53 lists the sets of a name and type one after the other).
   */
  async sets(name, type) {
    const found = [];
    let identifier;
    for (; ; ) {
      const out = await this.client.send(new import_client_route_53.ListResourceRecordSetsCommand({
        HostedZoneId: this.hostedZoneId,
        StartRecordName: name,
        StartRecordType: type,
        StartRecordIdentifier: identifier,
        MaxItems: 100
      }));
      const page = out.ResourceRecordSets ?? [];
      const same = page.filter((r) => normalizeName(r.Name ?? "") === normalizeName(name) && r.Type === type);
      found.push(...same);
      const more = same.length === page.length && out.IsTruncated === true && out.NextRecordIdentifier !== void 0 && normalizeName(out.NextRecordName ?? "") === normalizeName(name) && out.NextRecordType === type;
      if (!more) return found;
      identifier = out.NextRecordIdentifier;
    }
  }
  /** Whether the zone holds this record: a set of ours (simple, or of our identifier) with its value. */
  async holds(record) {
    return (await this.sets(record.name, record.type)).some((r) => isWritten(r, record));
  }
  /**
   * UPSERT the records that are missing or different; returns how many were written.
   *
   * Route 53 keeps the sets of a name and type all simple (one) or all weighted, so a record
   * with `routing`:
   * - with a weight replaces a simple set of its name and type in the same batch (DELETE the
   *   simple set, UPSERT the weighted one): the name resolves throughout;
   * - without a weight, while weighted sets of others exist at its name and type (a traffic
   *   cutover being removed or rolled back, whose sets go later), stays weighted, at
   *   `WEIGHT_WHILE_SHARED`; once it is alone it becomes simple again, in one batch.
   */
  async upsert(records) {
    const changes = [];
    let written = 0;
    for (const record of records) {
      const sets = await this.sets(record.name, record.type);
      const others = sets.filter((r) => r.SetIdentifier !== void 0 && r.SetIdentifier !== record.routing?.setIdentifier);
      const weight = record.routing?.weight ?? (record.routing && others.length > 0 ? WEIGHT_WHILE_SHARED : void 0);
      const wanted = toRecordSet(record, weight);
      const current = sets.find((r) => (r.SetIdentifier ?? "") === (wanted.SetIdentifier ?? ""));
      if (current && holdsValue(current, record) && current.Weight === wanted.Weight) continue;
      const otherKind = sets.filter((r) => r !== current && isOwnSet(r, record) && weight === void 0 !== (r.SetIdentifier === void 0));
      for (const set of otherKind) changes.push({ Action: "DELETE", ResourceRecordSet: set });
      changes.push({ Action: "UPSERT", ResourceRecordSet: wanted });
      written++;
    }
    await this.change("cdk-apprunner-kit custom domain", changes);
    return written;
  }
  /**
   * DELETE the records that are in the zone as we wrote them: a set of ours (simple, or of our
   * identifier) with our value. A record with another value (someone else's), another set
   * identifier (the other side of a traffic cutover) or no record at all is left alone.
   * Returns how many were deleted.
   */
  async deleteOwn(records) {
    const changes = [];
    for (const record of records) {
      for (const set of await this.sets(record.name, record.type)) {
        if (isWritten(set, record)) changes.push({ Action: "DELETE", ResourceRecordSet: set });
      }
    }
    await this.change("cdk-apprunner-kit custom domain removed", changes);
    return changes.length;
  }
  /** One ChangeResourceRecordSets with these changes (none: no call). */
  async change(comment, changes) {
    if (changes.length === 0) return;
    await this.client.send(new import_client_route_53.ChangeResourceRecordSetsCommand({
      HostedZoneId: this.hostedZoneId,
      ChangeBatch: { Comment: comment, Changes: changes }
    }));
  }
};

// src/operations/runtime/domain-claims.ts
var import_client_cloudformation = require("@aws-sdk/client-cloudformation");
var CUSTOM_DOMAIN_TYPE = "Custom::AppRunnerCustomDomain";
var RECORD_CLASS_CODES = { target: "t", www: "w", validation: "v" };
var PREFIX = "apprunner-kit:custom-domain";
function formatInstance(instance) {
  const flags = [];
  if (instance.adopted) flags.push("adopted");
  if (instance.preexisting.length > 0) flags.push(`pre=${instance.preexisting.map((c) => RECORD_CLASS_CODES[c]).join("")}`);
  return [PREFIX, instance.serviceArn, normalizeName(instance.domainName), `www=${instance.www ? 1 : 0}`, instance.token ?? "", flags.join(",")].join("|");
}
function parseInstance(physicalId) {
  if (!physicalId) return void 0;
  const parts = physicalId.split("|");
  if (parts[0] === PREFIX && parts.length === 6 && parts[1].startsWith("arn:") && parts[2] !== "") {
    const flags = parts[5].split(",").filter((f) => f !== "");
    const pre = flags.find((f) => f.startsWith("pre="))?.slice(4) ?? "";
    return {
      serviceArn: parts[1],
      domainName: parts[2],
      www: parts[3] === "www=1",
      token: parts[4],
      adopted: flags.includes("adopted"),
      preexisting: Object.keys(RECORD_CLASS_CODES).filter((c) => pre.includes(RECORD_CLASS_CODES[c]))
    };
  }
  if (parts.length === 2 && parts[0].startsWith("arn:") && parts[1] !== "") {
    return { serviceArn: parts[0], domainName: normalizeName(parts[1]), adopted: false, preexisting: [] };
  }
  return void 0;
}
async function stackResources(cfn, stackId) {
  const rows = [];
  let nextToken;
  do {
    const out = await cfn.send(new import_client_cloudformation.ListStackResourcesCommand({ StackName: stackId, NextToken: nextToken }));
    for (const r of out.StackResourceSummaries ?? []) {
      rows.push({ logicalId: r.LogicalResourceId ?? "", physicalId: r.PhysicalResourceId, type: r.ResourceType ?? "", status: r.ResourceStatus ?? "" });
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return rows;
}
function liveInstanceRows(rows, type, self) {
  return rows.filter((row) => row.type === type && !!row.physicalId && row.physicalId !== self && !/^DELETE_/.test(row.status) && row.status !== "CREATE_FAILED");
}
function domainClaims(rows, domainName, self) {
  const wanted = normalizeName(domainName);
  const claims = [];
  for (const row of liveInstanceRows(rows, CUSTOM_DOMAIN_TYPE, self)) {
    const instance = parseInstance(row.physicalId);
    if (instance && instance.domainName === wanted) claims.push({ logicalId: row.logicalId, physicalId: row.physicalId, instance });
  }
  return claims;
}
function isStackService(rows, serviceArn) {
  return rows.some((r) => r.type === "AWS::AppRunner::Service" && r.physicalId === serviceArn);
}

// src/operations/runtime/domain-records.ts
var APP_RUNNER_SET_IDENTIFIER = "apprunner-kit-app-runner";
function settingsOf(props) {
  const mode = props.optionalString("RecordMode") ?? "NONE";
  if (mode !== "CNAME" && mode !== "ALIAS" && mode !== "NONE") {
    throw new Error(`Custom::AppRunnerCustomDomain: property RecordMode must be CNAME, ALIAS or NONE, got ${JSON.stringify(mode)}`);
  }
  return {
    serviceArn: props.string("ServiceArn"),
    domainName: props.string("DomainName").replace(/\.$/, ""),
    www: props.boolean("EnableWwwSubdomain", true),
    waitForActive: props.boolean("WaitForActive", false),
    recordMode: mode,
    dualStack: props.boolean("DualStack", false),
    hostedZoneId: props.optionalString("HostedZoneId"),
    aliasHostedZoneId: props.optionalString("AliasHostedZoneId"),
    // Route 53's weights
    weight: props.optionalInteger("RoutingWeight", 0, 255)
  };
}
function desiredRecords(settings, dnsTarget, association) {
  const records = (association?.CertificateValidationRecords ?? []).filter((r) => r.Name && r.Value).map((r) => ({ name: r.Name, type: "CNAME", value: r.Value, cls: "validation" }));
  if (!dnsTarget || settings.recordMode === "NONE") return records;
  const routing = { setIdentifier: APP_RUNNER_SET_IDENTIFIER, weight: settings.weight };
  if (settings.recordMode === "ALIAS") {
    const aliasZoneId = settings.aliasHostedZoneId;
    records.push({ name: settings.domainName, type: "A", value: dnsTarget, aliasZoneId, routing, cls: "target" });
    if (settings.dualStack) records.push({ name: settings.domainName, type: "AAAA", value: dnsTarget, aliasZoneId, routing, cls: "target" });
  } else {
    records.push({ name: settings.domainName, type: "CNAME", value: dnsTarget, routing, cls: "target" });
  }
  if (settings.www) records.push({ name: `www.${settings.domainName}`, type: "CNAME", value: dnsTarget, routing, cls: "www" });
  return records;
}
function recordKey(r) {
  return `${normalizeName(r.name)}|${r.type}|${normalizeName(r.value)}|${r.aliasZoneId ?? ""}`;
}
function removable(records, preexisting) {
  return records.filter((r) => !preexisting.includes(r.cls));
}
function domainAttributes(dnsTarget, association) {
  const validation = (association?.CertificateValidationRecords ?? []).map((r) => ({ name: r.Name ?? "", type: r.Type ?? "CNAME", value: r.Value ?? "" }));
  const data = {
    DNSTarget: dnsTarget ?? "",
    Status: (association?.Status ?? "").toLowerCase(),
    ValidationRecords: JSON.stringify(validation)
  };
  validation.forEach((r, i) => {
    data[`ValidationRecord${i}Name`] = r.name;
    data[`ValidationRecord${i}Type`] = r.type;
    data[`ValidationRecord${i}Value`] = r.value;
  });
  return data;
}

// src/operations/domain-role-name.ts
var DOMAIN_ROLE_PATH = "/cdk-apprunner-kit/";
var DOMAIN_ROLE_NAME_START = "apprunner-kit-";
function domainRoleArnPrefixOfStackId(stackId) {
  const m = /^arn:([^:]+):cloudformation:[^:]*:(\d{12}):stack\/[^/]+\/([0-9a-fA-F]{8})-/.exec(stackId);
  return m ? `arn:${m[1]}:iam::${m[2]}:role${DOMAIN_ROLE_PATH}${DOMAIN_ROLE_NAME_START}${m[3]}-` : void 0;
}

// src/operations/runtime/domain-roles.ts
var import_client_sts = require("@aws-sdk/client-sts");
var OWN_ROLE_RETRY_MS = [1e3, 2e3, 3e3, 5e3, 7e3, 8e3];
var DOMAIN_ROLE_SESSION = "apprunner-kit-custom-domain";
var DomainRoles = class {
  constructor(source, prefix, ownServiceArn, fallbackPrefix, sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))) {
    this.source = source;
    this.prefix = prefix;
    this.ownServiceArn = ownServiceArn;
    this.fallbackPrefix = fallbackPrefix;
    this.sleep = sleep;
  }
  /** The clients of the roles assumed in this invocation. */
  sessions = /* @__PURE__ */ new Map();
  /** The clients for the domains of `serviceArn`. */
  of(serviceArn) {
    const roleArn = this.roleArnOf(serviceArn);
    if (roleArn === void 0) return Promise.resolve(this.source.own);
    let session = this.sessions.get(roleArn);
    if (!session) {
      session = this.assume(roleArn, serviceArn === this.ownServiceArn, serviceArn);
      this.sessions.set(roleArn, session);
      session.catch(() => this.sessions.delete(roleArn));
    }
    return session;
  }
  async assume(roleArn, own, serviceArn) {
    const waits = own ? OWN_ROLE_RETRY_MS : [];
    for (let attempt = 0; ; attempt++) {
      try {
        const request = { RoleArn: roleArn, RoleSessionName: DOMAIN_ROLE_SESSION, DurationSeconds: 900 };
        const out = await this.source.sts.send(new import_client_sts.AssumeRoleCommand(request));
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error(`STS AssumeRole of ${roleArn} returned no credentials`);
        return this.source.clientsWith({
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
          expiration: c.Expiration
        });
      } catch (e) {
        if (!isAccessDenied(e)) throw e;
        if (!own) return this.source.own;
        if (attempt >= waits.length) {
          throw new Error(`Cannot assume the custom-domain role ${roleArn} of ${serviceArn} (${e.message}): the role is created with the custom domain; was it deleted, or its trust policy changed?`);
        }
        await this.sleep(waits[attempt]);
      }
    }
  }
  /**
   * The domain role of a service, or undefined without a service ID, or without a prefix (an
   * earlier version's template: for its own service; another service's is tried with `fallbackPrefix`).
   */
  roleArnOf(serviceArn) {
    const prefix = this.prefix ?? (serviceArn === this.ownServiceArn ? void 0 : this.fallbackPrefix);
    const id = serviceIdOf(serviceArn);
    return prefix && id ? `${prefix}${id}` : void 0;
  }
};
function isAccessDenied(e) {
  return ["AccessDenied", "AccessDeniedException"].includes(errorName(e));
}

// src/operations/runtime/service-gate.ts
var import_client_apprunner3 = require("@aws-sdk/client-apprunner");
var UNUSABLE = ["DELETED", "DELETE_FAILED", "CREATE_FAILED"];
var SKEW_MS = 5e3;
var ServiceGate = class {
  /** @param clientOf the client for a service (one client for all, or one per service: custom domains' domain roles) */
  constructor(clientOf) {
    this.clientOf = clientOf;
  }
  /** The service's status; undefined when it does not exist. */
  async status(serviceArn) {
    return new AppRunnerReader(await this.clientOf(serviceArn)).serviceStatus(serviceArn);
  }
  /**
   * Fail at once (with what to do) when the service is gone or in a status that takes no
   * change, instead of waiting for the timeout; `what` names the change asked for.
   */
  async requireUsable(serviceArn, what) {
    const status = await this.status(serviceArn);
    if (status === void 0) {
      throw new Error(`App Runner service ${serviceArn} does not exist (deleted?): cannot ${what}`);
    }
    if (statusIs(status, ...UNUSABLE)) {
      throw new Error(`App Runner service ${serviceArn} is ${status}: cannot ${what}`);
    }
    return status;
  }
  /**
   * Whether the service takes a change now (RUNNING). A PAUSED service is resumed (the caller
   * tries again in a later poll and pauses it again at the end); an operation in progress
   * means later. Gone or unusable services fail.
   */
  async ready(serviceArn, what) {
    const status = await this.requireUsable(serviceArn, what);
    if (statusIs(status, "RUNNING")) return true;
    if (statusIs(status, "PAUSED")) {
      try {
        await (await this.clientOf(serviceArn)).send(new import_client_apprunner3.ResumeServiceCommand({ ServiceArn: serviceArn }));
      } catch (e) {
        if (!isInvalidState(e)) throw e;
      }
    }
    return false;
  }
  /**
   * Whether the service is PAUSED (again): a RUNNING one is paused and checked in a later
   * poll. A service that is gone has nothing to pause.
   */
  async repaused(serviceArn) {
    const status = await this.status(serviceArn);
    if (status === void 0 || statusIs(status, "PAUSED", ...UNUSABLE)) return true;
    if (statusIs(status, "RUNNING")) {
      try {
        await (await this.clientOf(serviceArn)).send(new import_client_apprunner3.PauseServiceCommand({ ServiceArn: serviceArn }));
      } catch (e) {
        if (!isInvalidState(e)) throw e;
      }
    }
    return false;
  }
  /**
   * Whether the service was paused by someone else (a run schedule, an operator) after
   * `since` (ms), while a handler worked on it: it must then end paused too.
   */
  async pausedSince(serviceArn, since) {
    const out = await (await this.clientOf(serviceArn)).send(new import_client_apprunner3.ListOperationsCommand({ ServiceArn: serviceArn, MaxResults: 20 }));
    return (out.OperationSummaryList ?? []).some((op) => statusIs(op.Type, "PAUSE_SERVICE") && (op.StartedAt?.getTime() ?? 0) >= since - SKEW_MS);
  }
};

// src/operations/runtime/stack-status.ts
var import_client_cloudformation2 = require("@aws-sdk/client-cloudformation");
async function stackState(cfn, stackId) {
  const out = await cfn.send(new import_client_cloudformation2.DescribeStacksCommand({ StackName: stackId }));
  const stack = out.Stacks?.[0];
  const status = stack?.StackStatus ?? "";
  const creating = /^(CREATE|REVIEW)_/.test(status);
  const started = creating ? stack?.CreationTime : stack?.LastUpdatedTime ?? stack?.CreationTime;
  return { status, deploymentStartedAt: started?.getTime() };
}
async function stackStatus(cfn, stackId) {
  return (await stackState(cfn, stackId)).status;
}
function isRollingBack(status) {
  return /ROLLBACK_IN_PROGRESS$/.test(status);
}
async function stackRollingBack(cfn, stackId) {
  return isRollingBack(await stackStatus(cfn, stackId));
}

// src/operations/runtime/custom-domain.ts
var D = {
  holder: "Holder",
  holderPre: "HolderPreexisting",
  holderPaused: "HolderPaused",
  targetPaused: "TargetPaused",
  mode: "Mode",
  to: "To",
  toWww: "ToWww",
  toPaused: "ToPaused",
  restore: "Restore",
  paused: "ServicePaused"
};
var CustomDomainHandler = class extends ResourceHandler {
  constructor(source, cfn, event, now, sleep) {
    super(event, now);
    this.cfn = cfn;
    this.roles = new DomainRoles(
      source,
      this.props.optionalString("RoleArnPrefix"),
      this.props.string("ServiceArn"),
      domainRoleArnPrefixOfStackId(this.event.StackId),
      sleep
    );
    this.gate = new ServiceGate((serviceArn) => this.appRunner(serviceArn));
  }
  gate;
  roles;
  /** The App Runner client for the domains of `serviceArn`. */
  async appRunner(serviceArn) {
    return (await this.roles.of(serviceArn)).appRunner;
  }
  /** The records of a hosted zone, changed with the role of this custom domain's own service. */
  async zone(hostedZoneId) {
    return new ZoneRecords((await this.roles.of(this.props.string("ServiceArn"))).route53, hostedZoneId);
  }
  waitingFor() {
    const s = settingsOf(this.props);
    const what = this.event.RequestType === "Delete" ? "the removal" : "the association";
    return `${what} of custom domain ${s.domainName} of ${s.serviceArn}`;
  }
  // ---- create and update ----------------------------------------------------------------
  async onCreate() {
    const s = settingsOf(this.props);
    const targetStatus = await this.gate.requireUsable(s.serviceArn, `associate custom domain ${s.domainName}`);
    return this.begin(s, targetStatus, void 0);
  }
  async onUpdate() {
    const s = settingsOf(this.props);
    const current = this.currentInstance(settingsOf(this.oldProps));
    const targetStatus = await this.gate.requireUsable(s.serviceArn, `associate custom domain ${s.domainName}`);
    if (current.serviceArn === s.serviceArn && current.domainName === normalizeName(s.domainName) && current.www === s.www) {
      return { PhysicalResourceId: this.physicalResourceId, Data: this.flag(D.targetPaused, statusIs(targetStatus, "PAUSED")) };
    }
    return this.begin(s, targetStatus, current);
  }
  isCreateComplete() {
    return this.isUpdateComplete();
  }
  async isUpdateComplete() {
    const s = settingsOf(this.props);
    const instance = this.currentInstance(s);
    const previous = this.event.RequestType === "Update" ? settingsOf(this.oldProps) : void 0;
    return this.ensure(s, {
      holder: this.data[D.holder],
      holderPreexisting: classesOf(this.data[D.holderPre]),
      holderPaused: this.data[D.holderPaused] === "true",
      targetPaused: this.data[D.targetPaused] === "true",
      preexisting: instance.preexisting,
      previous: previous && previous.serviceArn === s.serviceArn && normalizeName(previous.domainName) === normalizeName(s.domainName) ? previous : void 0
    });
  }
  /**
   * A new instance (created, or the service, domain or www flag changed): decide what it
   * adopts and which managed service holds the domain now. Reads only.
   */
  async begin(s, targetStatus, predecessor) {
    const rows = await stackResources(this.cfn, this.event.StackId);
    const known = [
      ...predecessor && predecessor.domainName === normalizeName(s.domainName) ? [predecessor] : [],
      ...domainClaims(rows, s.domainName, this.physicalResourceId).map((c) => c.instance)
    ];
    const state = await this.describe(s.serviceArn);
    const held = state.association !== void 0 && !statusIs(state.association.Status, "deleting");
    let adopted = false;
    let preexisting = [];
    const sameService = known.find((i) => i.serviceArn === s.serviceArn);
    if (sameService) {
      adopted = held && sameService.adopted;
      preexisting = [...sameService.preexisting];
    } else if (known.length === 0) {
      adopted = held;
      preexisting = await this.presentClasses(s, desiredRecords(s, state.dnsTarget, held ? state.association : void 0));
    }
    const instance = {
      serviceArn: s.serviceArn,
      domainName: normalizeName(s.domainName),
      www: s.www,
      token: this.requestToken(),
      adopted,
      preexisting
    };
    const data = { ...this.flag(D.targetPaused, statusIs(targetStatus, "PAUSED")) };
    if (!held) {
      const holder = await this.findHolder(known.map((i) => i.serviceArn).filter((arn) => arn !== s.serviceArn), s.domainName);
      if (holder) {
        data[D.holder] = holder;
        data[D.holderPre] = known.find((i) => i.serviceArn === holder).preexisting.join(",");
        Object.assign(data, this.flag(D.holderPaused, statusIs(await this.gate.status(holder), "PAUSED")));
      }
    }
    return { PhysicalResourceId: formatInstance(instance), Data: data };
  }
  // ---- delete ----------------------------------------------------------------------------
  async onDelete() {
    const s = settingsOf(this.props);
    const me = this.currentInstance(s);
    const rows = await stackResources(this.cfn, this.event.StackId);
    const claims = domainClaims(rows, me.domainName, this.physicalResourceId);
    if (claims.length > 0) {
      const to = this.preferredClaim(claims, me).instance;
      const held = (await this.describe(to.serviceArn)).association;
      const restore = !held || to.www !== void 0 && held.EnableWWWSubdomain !== void 0 && held.EnableWWWSubdomain !== to.www;
      return {
        Data: {
          [D.mode]: "HANDOVER",
          ...this.flag(D.restore, restore),
          [D.to]: to.serviceArn,
          [D.toWww]: to.www === void 0 ? "" : String(to.www),
          ...this.flag(D.toPaused, statusIs(await this.gate.status(to.serviceArn), "PAUSED")),
          ...this.flag(D.holderPaused, statusIs(await this.gate.status(me.serviceArn), "PAUSED"))
        }
      };
    }
    if (await this.goesWithItsService(rows, me.serviceArn)) return { Data: { [D.mode]: "RECORDS" } };
    return { Data: { [D.mode]: "REMOVE", ...this.flag(D.paused, statusIs(await this.gate.status(me.serviceArn), "PAUSED")) } };
  }
  async isDeleteComplete() {
    const s = settingsOf(this.props);
    const me = this.currentInstance(s);
    switch (this.data[D.mode]) {
      case "HANDOVER":
        return this.handOver(s, me);
      case "RECORDS": {
        const state = await this.describe(me.serviceArn);
        await this.removeRecords(s, desiredRecords(s, state.dnsTarget, state.association), me.preexisting);
        return COMPLETE;
      }
      default:
        return this.remove(s, me);
    }
  }
  /**
   * Another instance declares the domain. Where it holds it already (a renamed construct, the
   * instance a replacement made), everything stays, apart from this instance's target records
   * of another service; where it does not (this instance took the domain from it and is rolled
   * back, or a www change is undone), the domain goes back to that instance's service and settings.
   */
  async handOver(s, me) {
    const to = this.data[D.to];
    const toWww = this.data[D.toWww] === "" ? void 0 : this.data[D.toWww] === "true";
    if (this.data[D.restore] !== "true") {
      if (to !== me.serviceArn) {
        const mine = await this.describe(me.serviceArn);
        await this.removeRecords(s, desiredRecords(s, mine.dnsTarget).filter((r) => r.cls !== "validation"), me.preexisting);
      }
      return COMPLETE;
    }
    const target = { ...s, serviceArn: to, www: toWww ?? me.www ?? s.www, waitForActive: false };
    return this.ensure(target, {
      holder: to === me.serviceArn ? void 0 : me.serviceArn,
      holderPreexisting: me.preexisting,
      holderPaused: this.data[D.holderPaused] === "true",
      targetPaused: this.data[D.toPaused] === "true",
      preexisting: me.preexisting
    });
  }
  /** No other instance declares the domain: remove what this instance did. */
  async remove(s, me) {
    const state = await this.describe(me.serviceArn);
    if (state.gone) return COMPLETE;
    const association = state.association;
    const records = desiredRecords(s, state.dnsTarget, association);
    if (association && statusIs(association.Status, "deleting")) {
      this.lastStatus = "deleting";
      return NOT_YET;
    }
    if (association && !me.adopted) {
      this.lastStatus = association.Status ?? "unknown";
      if (statusIs(association.Status, "delete_failed")) {
        throw new Error(`Custom domain ${association.DomainName} of ${me.serviceArn} is ${association.Status}`);
      }
      await this.removeRecords(s, records, me.preexisting);
      if (await this.gate.ready(me.serviceArn, `remove custom domain ${me.domainName}`)) await this.disassociate(me.serviceArn, s.domainName);
      return NOT_YET;
    }
    await this.removeRecords(s, records, me.adopted ? [...me.preexisting, "validation"] : me.preexisting);
    if (await this.shouldSleep(me.serviceArn, this.data[D.paused] === "true") && !await this.gate.repaused(me.serviceArn)) return NOT_YET;
    return COMPLETE;
  }
  /**
   * On stack deletion, a domain of a service of the same stack goes with the service (App
   * Runner deletes a service's domains with it, and would refuse the change while it is
   * PAUSED): only the records are removed.
   */
  async goesWithItsService(rows, serviceArn) {
    if (!isStackService(rows, serviceArn)) return false;
    return statusIs(await stackStatus(this.cfn, this.event.StackId), "DELETE_IN_PROGRESS");
  }
  // ---- converge --------------------------------------------------------------------------
  /**
   * One poll towards "the domain is associated with `s.serviceArn` with the www flag asked
   * for, and its records are in the zone". Stateless: every poll reads where things are.
   */
  async ensure(s, opts) {
    const state = await this.describe(s.serviceArn);
    if (state.gone) throw new Error(`App Runner service ${s.serviceArn} does not exist (deleted?): cannot associate custom domain ${s.domainName}`);
    const association = state.association;
    if (!association) return this.associateAfterHolder(s, opts);
    this.lastStatus = association.Status ?? "unknown";
    if (statusIs(association.Status, "deleting")) return NOT_YET;
    if (association.EnableWWWSubdomain !== void 0 && association.EnableWWWSubdomain !== s.www) {
      this.lastStatus = `${association.Status ?? "unknown"} with the other www setting`;
      const old = desiredRecords({ ...s, www: association.EnableWWWSubdomain }, state.dnsTarget, association);
      await this.removeRecords(s, old.filter((r) => r.cls === "validation" || r.cls === "www" && !s.www), opts.preexisting);
      if (await this.gate.ready(s.serviceArn, `change the www setting of custom domain ${s.domainName}`)) await this.disassociate(s.serviceArn, s.domainName);
      return NOT_YET;
    }
    if (statusIs(association.Status, "create_failed", "delete_failed")) {
      throw new Error(`Custom domain ${association.DomainName} of ${s.serviceArn} is ${association.Status}`);
    }
    const active = statusIs(association.Status, "active");
    if ((association.CertificateValidationRecords ?? []).length === 0 && !active) return NOT_YET;
    if (s.hostedZoneId) {
      const wanted = desiredRecords(s, state.dnsTarget, association);
      const written = await (await this.zone(s.hostedZoneId)).upsert(wanted);
      if (written > 0 && !active) return NOT_YET;
    }
    if (opts.previous) await this.removeStale(opts.previous, s, state);
    if (s.waitForActive && !active) return NOT_YET;
    if (opts.holder && opts.holderPaused && !await this.gate.repaused(opts.holder)) return NOT_YET;
    if (await this.shouldSleep(s.serviceArn, opts.targetPaused === true) && !await this.gate.repaused(s.serviceArn)) return NOT_YET;
    return { IsComplete: true, Data: domainAttributes(state.dnsTarget, association) };
  }
  /** The domain is not on the target service: the holder lets go first, then associate. */
  async associateAfterHolder(s, opts) {
    if (opts.holder) {
      const held = await this.describe(opts.holder);
      if (held.association) {
        this.lastStatus = `${held.association.Status ?? "unknown"} on ${opts.holder}`;
        if (!statusIs(held.association.Status, "deleting")) {
          await this.removeRecords(s, desiredRecords(s, held.dnsTarget, held.association), opts.holderPreexisting ?? []);
          if (await this.gate.ready(opts.holder, `move custom domain ${s.domainName} away from it`)) await this.disassociate(opts.holder, s.domainName);
        }
        return NOT_YET;
      }
    }
    this.lastStatus = "not associated";
    if (await this.gate.ready(s.serviceArn, `associate custom domain ${s.domainName}`)) await this.associate(s, opts.holder !== void 0);
    return NOT_YET;
  }
  /** An in-place update: the previous settings' records that the new ones do not write go. */
  async removeStale(previous, s, state) {
    if (!previous.hostedZoneId) return;
    const keep = new Set(previous.hostedZoneId === s.hostedZoneId ? desiredRecords(s, state.dnsTarget, state.association).map(recordKey) : []);
    const stale = desiredRecords(previous, state.dnsTarget, state.association).filter((r) => !keep.has(recordKey(r)));
    await this.removeRecords(previous, stale, this.currentInstance(s).preexisting);
  }
  /** Whether a service must end PAUSED: it was when the event began, or someone paused it since. */
  async shouldSleep(serviceArn, wasPaused) {
    return wasPaused || this.gate.pausedSince(serviceArn, Number(this.data.StartedAt ?? this.now()));
  }
  // ---- App Runner and Route 53 -----------------------------------------------------------
  /**
   * AssociateCustomDomain. "Already associated" with this service (a retried call) is fine; with
   * another one that no instance of this stack declares, the deployment fails at once saying
   * so (App Runner's message names that service). Another operation running: a later poll.
   */
  async associate(s, holderKnown) {
    try {
      const client = await this.appRunner(s.serviceArn);
      await client.send(new import_client_apprunner4.AssociateCustomDomainCommand({ ServiceArn: s.serviceArn, DomainName: s.domainName, EnableWWWSubdomain: s.www }));
    } catch (e) {
      const message = String(e.message);
      if (/already associated/i.test(message)) {
        if ((await this.describe(s.serviceArn)).association || holderKnown) return;
        throw new Error(`Custom domain ${s.domainName} is associated with another App Runner service, which no custom domain of this stack declares (App Runner: "${message}"). Remove it there first (DisassociateCustomDomain), then deploy again.`);
      }
      if (!isInvalidState(e)) throw e;
    }
  }
  /** DisassociateCustomDomain; not found is done; another operation running: a later poll. */
  async disassociate(serviceArn, domainName) {
    try {
      await (await this.appRunner(serviceArn)).send(new import_client_apprunner4.DisassociateCustomDomainCommand({ ServiceArn: serviceArn, DomainName: domainName }));
    } catch (e) {
      if (isNotFound(e) || /no custom domain .* found/i.test(String(e.message)) || isInvalidState(e)) return;
      throw e;
    }
  }
  /** The service's DNS target and the domain (every page of DescribeCustomDomains). */
  async describe(serviceArn, domainName = this.props.string("DomainName")) {
    const wanted = normalizeName(domainName);
    let nextToken;
    let dnsTarget;
    const client = await this.appRunner(serviceArn);
    try {
      do {
        const out = await client.send(new import_client_apprunner4.DescribeCustomDomainsCommand({ ServiceArn: serviceArn, NextToken: nextToken }));
        dnsTarget = out.DNSTarget ?? dnsTarget;
        const association = (out.CustomDomains ?? []).find((d) => normalizeName(d.DomainName ?? "") === wanted);
        if (association) return { dnsTarget, association };
        nextToken = out.NextToken;
      } while (nextToken);
    } catch (e) {
      if (isNotFound(e)) return { gone: true };
      throw e;
    }
    return { dnsTarget };
  }
  /** The first of these managed services that holds the domain (each is asked once). */
  async findHolder(candidates, domainName) {
    for (const arn of [...new Set(candidates)]) {
      try {
        if ((await this.describe(arn, domainName)).association) return arn;
      } catch (e) {
        if (errorName(e) !== "AccessDeniedException") throw e;
      }
    }
    return void 0;
  }
  /** The record classes whose records already hold our values in the zone. */
  async presentClasses(s, records) {
    if (!s.hostedZoneId) return [];
    const zone = await this.zone(s.hostedZoneId);
    const present = /* @__PURE__ */ new Set();
    for (const r of records) if (await zone.holds(r)) present.add(r.cls);
    return [...present];
  }
  /** Delete the records that still hold our values, except those of preexisting classes. */
  async removeRecords(s, records, preexisting) {
    if (!s.hostedZoneId) return;
    await (await this.zone(s.hostedZoneId)).deleteOwn(removable(records, preexisting));
  }
  // ---- identity --------------------------------------------------------------------------
  /** This instance, from its physical id (ids of earlier versions: from the settings). */
  currentInstance(fallback) {
    const parsed = parseInstance(this.physicalResourceId);
    const base = parsed ?? { serviceArn: fallback.serviceArn, domainName: normalizeName(fallback.domainName), adopted: false, preexisting: [] };
    return base.www === void 0 ? { ...base, www: fallback.www } : base;
  }
  /** Of several instances declaring the domain, one on our own service first. */
  preferredClaim(claims, me) {
    return claims.find((c) => c.instance.serviceArn === me.serviceArn) ?? claims[0];
  }
  flag(key, on) {
    return on ? { [key]: "true" } : {};
  }
};
function classesOf(list) {
  return (list ?? "").split(",").filter((c) => c === "target" || c === "www" || c === "validation");
}

// src/operations/runtime/default-auto-scaling.ts
var import_client_apprunner5 = require("@aws-sdk/client-apprunner");
var PREFIX2 = "default-auto-scaling|";
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
    await this.client.send(new import_client_apprunner5.UpdateDefaultAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn }));
    const keep = previous && previous !== arn ? previous : "none";
    return { PhysicalResourceId: `${PREFIX2}${keep}`, Data: { PreviousDefaultArn: keep === "none" ? "" : keep } };
  }
  async onUpdate() {
    await this.client.send(new import_client_apprunner5.UpdateDefaultAutoScalingConfigurationCommand({
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
        await this.client.send(new import_client_apprunner5.UpdateDefaultAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn }));
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
    const previous = id.startsWith(PREFIX2) ? id.slice(PREFIX2.length) : "";
    return previous && previous !== "none" ? previous : void 0;
  }
  /** The ARN of the account's current default configuration, if any. */
  async currentDefault() {
    return currentDefaultOf(await this.list());
  }
  /**
   * The account's auto scaling configurations, every revision (every page): LatestOnly
   * defaults to true, and the account's default may be an older revision of its name.
   */
  async list() {
    const all = [];
    let nextToken;
    do {
      const out = await this.client.send(new import_client_apprunner5.ListAutoScalingConfigurationsCommand({ LatestOnly: false, NextToken: nextToken }));
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
var import_client_apprunner6 = require("@aws-sdk/client-apprunner");

// src/operations/runtime/service-operation.ts
var SKEW_MS2 = 5e3;
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
      this.refuseDeletion(latest);
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
    this.refuseDeletion(latest);
    if (latest && statusIs(latest.Type, this.spec.type) && (latest.StartedAt?.getTime() ?? 0) >= startedAt - SKEW_MS2) {
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
    if (serviceDeleted(status)) throw deletedServiceError(this.spec.serviceArn, status, this.spec.action);
    const refusal = Object.entries(this.spec.refuseIn ?? {}).find(([s]) => statusIs(status, s));
    if (refusal) throw new Error(refusal[1]);
    return status;
  }
  /** The operation in progress deletes the service: waiting for it would end in DELETED. */
  refuseDeletion(latest) {
    if (isDeletion(latest)) throw deletionError(this.spec.serviceArn, latest, this.spec.action);
  }
  async tryStart() {
    for (let attempt = 1; ; attempt++) {
      try {
        const operationId = await this.spec.start();
        return operationId ? { OperationId: operationId } : { Done: "true" };
      } catch (e) {
        if (isInvalidState(e)) return {};
        if (!this.spec.busyErrors?.includes(errorName(e))) throw e;
        const status = await this.status();
        if (statusIs(status, "OPERATION_IN_PROGRESS")) return {};
        if (attempt >= 2) {
          throw new Error(`App Runner refused ${this.spec.type} on ${this.spec.serviceArn} (status ${status}): ${describeError(e)}`);
        }
      }
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
      action: "deploy it",
      start: async () => (await this.client.send(new import_client_apprunner6.StartDeploymentCommand({ ServiceArn: serviceArn }))).OperationId,
      // StartDeployment declares no InvalidStateException: App Runner refuses it with
      // InvalidRequestException while another operation runs
      busyErrors: ["InvalidRequestException"],
      refuseIn: {
        PAUSED: `App Runner service ${serviceArn} is PAUSED: App Runner refuses StartDeployment while paused (resume it, e.g. with paused: false, and deploy again)`,
        CREATE_FAILED: `App Runner service ${serviceArn} is CREATE_FAILED: it cannot be redeployed`
      }
    });
  }
};

// src/operations/runtime/express-domain.ts
var import_client_elastic_load_balancing_v2 = require("@aws-sdk/client-elastic-load-balancing-v2");
var EXPRESS_DOMAIN_TYPE = "Custom::AppRunnerExpressDomain";
var PREFIX3 = "apprunner-kit:express-domain";
function formatExpressDomain(instance) {
  return [PREFIX3, instance.ruleArn, instance.hosts.join(","), `pre=${instance.preexisting.join(",")}`, instance.token].join("|");
}
function parseExpressDomain(physicalId) {
  const parts = (physicalId ?? "").split("|");
  if (parts.length !== 5 || parts[0] !== PREFIX3 || !parts[1].startsWith("arn:") || !parts[3].startsWith("pre=")) return void 0;
  const list = (s) => s.split(",").filter((h) => h !== "");
  return { ruleArn: parts[1], hosts: list(parts[2]), preexisting: list(parts[3].slice(4)), token: parts[4] };
}
var ExpressDomainHandler = class extends ResourceHandler {
  constructor(elb, cfn, event, now) {
    super(event, now);
    this.elb = elb;
    this.cfn = cfn;
  }
  waitingFor() {
    const what = this.event.RequestType === "Delete" ? "the removal" : "the addition";
    return `${what} of host names ${this.props.optionalString("HostNames")} on listener rule ${this.props.optionalString("ListenerRuleArn")}`;
  }
  onCreate() {
    return this.begin();
  }
  async onUpdate() {
    const current = parseExpressDomain(this.physicalResourceId);
    const wanted = this.declared();
    if (current && current.ruleArn === wanted.ruleArn && sameHosts(current.hosts, wanted.hosts)) return {};
    return this.begin();
  }
  isCreateComplete() {
    return this.isUpdateComplete();
  }
  /** One poll towards "the host names are on the rule"; done once a read shows them all. */
  async isUpdateComplete() {
    const { rule, hosts } = await this.declaredRule();
    const present = hostValues(rule);
    const missing = hosts.filter((h) => !present.includes(h));
    if (missing.length > 0) {
      this.lastStatus = `missing ${missing.join(", ")}`;
      await this.writeHosts(rule, [...present, ...missing]);
      return NOT_YET;
    }
    const lb = await this.elb.send(new import_client_elastic_load_balancing_v2.DescribeLoadBalancersCommand({ LoadBalancerArns: [this.props.string("LoadBalancerArn")] }));
    const balancer = lb.LoadBalancers?.[0];
    if (!balancer?.DNSName || !balancer.CanonicalHostedZoneId) {
      throw new Error(`Load balancer ${this.props.string("LoadBalancerArn")} has no DNS name (DescribeLoadBalancers)`);
    }
    return { IsComplete: true, Data: { DNSName: balancer.DNSName, CanonicalHostedZoneId: balancer.CanonicalHostedZoneId } };
  }
  /** Nothing to decide: the polls read the stack and the rule. */
  async onDelete() {
    return {};
  }
  /** Remove this instance's host names that no other live instance declares on the rule. */
  async isDeleteComplete() {
    const me = parseExpressDomain(this.physicalResourceId);
    if (!me) return COMPLETE;
    const claimed = await this.claimedHosts(me.ruleArn);
    const removable2 = me.hosts.filter((h) => !me.preexisting.includes(h) && !claimed.has(h));
    const rule = await this.rule(me.ruleArn);
    if (!rule) return COMPLETE;
    const present = hostValues(rule);
    const remaining = present.filter((h) => !removable2.includes(h));
    if (remaining.length === present.length) return COMPLETE;
    if (remaining.length === 0) {
      this.lastStatus = "the host names are the rule's only ones: left";
      return COMPLETE;
    }
    await this.writeHosts(rule, remaining);
    return NOT_YET;
  }
  /** A new instance: which of its host names are already on the rule, put there by someone else. Reads only. */
  async begin() {
    const { ruleArn, rule, hosts } = await this.declaredRule();
    const claimed = await this.claimedHosts(ruleArn);
    const present = hostValues(rule);
    const preexisting = hosts.filter((h) => present.includes(h) && !claimed.has(h));
    return { PhysicalResourceId: formatExpressDomain({ ruleArn, hosts, preexisting, token: this.requestToken() }) };
  }
  /** The rule and host names the properties declare. */
  declared() {
    const hosts = [...new Set(this.props.string("HostNames").split(",").map((h) => normalizeName(h.trim())).filter((h) => h !== ""))];
    return { ruleArn: this.props.string("ListenerRuleArn"), hosts };
  }
  /** The declared rule, which must exist, with the declared host names. */
  async declaredRule() {
    const { ruleArn, hosts } = this.declared();
    const rule = await this.rule(ruleArn);
    if (!rule) throw new Error(`Listener rule ${ruleArn} of the ECS Express Mode service does not exist: cannot add host names ${hosts.join(", ")}`);
    return { ruleArn, rule, hosts };
  }
  /** Host names that other live instances of the stack declare on the rule. */
  async claimedHosts(ruleArn) {
    const claimed = /* @__PURE__ */ new Set();
    for (const row of liveInstanceRows(await stackResources(this.cfn, this.event.StackId), EXPRESS_DOMAIN_TYPE, this.physicalResourceId)) {
      const instance = parseExpressDomain(row.physicalId);
      if (instance?.ruleArn === ruleArn) instance.hosts.forEach((h) => claimed.add(h));
    }
    return claimed;
  }
  /** The rule, or undefined when it does not exist. */
  async rule(ruleArn) {
    try {
      return (await this.elb.send(new import_client_elastic_load_balancing_v2.DescribeRulesCommand({ RuleArns: [ruleArn] }))).Rules?.[0];
    } catch (e) {
      if (/RuleNotFound/.test(errorName(e))) return void 0;
      throw e;
    }
  }
  /** ModifyRule with the rule's conditions, its host-header values replaced (the actions are not sent: they stay). */
  async writeHosts(rule, hosts) {
    const conditions = (rule.Conditions ?? []).map((c) => c.Field === "host-header" ? hostCondition(c, hosts) : asWritten(c));
    if (!(rule.Conditions ?? []).some((c) => c.Field === "host-header")) {
      throw new Error(`Listener rule ${rule.RuleArn} has no host-header condition (not a rule of ECS Express Mode?): not changed`);
    }
    try {
      await this.elb.send(new import_client_elastic_load_balancing_v2.ModifyRuleCommand({ RuleArn: rule.RuleArn, Conditions: conditions }));
    } catch (e) {
      const message = String(e.message);
      const limit = /condition values/i.test(message) ? " (an Application Load Balancer rule takes at most 5 condition values)" : "";
      throw new Error(`Cannot set the host names of listener rule ${rule.RuleArn} to ${hosts.join(", ")}: ${message}${limit}`);
    }
  }
};
function hostValues(rule) {
  const condition = (rule.Conditions ?? []).find((c) => c.Field === "host-header");
  return (condition?.HostHeaderConfig?.Values ?? condition?.Values ?? []).map((v) => v.toLowerCase());
}
function hostCondition(condition, hosts) {
  return { Field: "host-header", HostHeaderConfig: { ...condition.HostHeaderConfig, Values: [...hosts] } };
}
function asWritten(condition) {
  const { Values, ...rest } = condition;
  const hasConfig = Object.keys(rest).some((k) => k.endsWith("Config"));
  return hasConfig ? rest : condition;
}
function sameHosts(a, b) {
  return a.length === b.length && a.every((h) => b.includes(h));
}

// src/operations/runtime/pre-update-resume.ts
var import_client_apprunner8 = require("@aws-sdk/client-apprunner");
var import_client_cloudformation3 = require("@aws-sdk/client-cloudformation");

// src/operations/runtime/pre-update-id.ts
var ID = /\/([^/]+)\/pre-update-resume\/(paused|keep)=([01])(?:\/op=([A-Za-z0-9._-]+))?\/[0-9a-f]+$/;
function parsePreUpdateId(physicalId) {
  const match = ID.exec(physicalId ?? "");
  if (!match) return void 0;
  return { serviceLogicalId: match[1], mode: match[2], paused: match[3] === "1", resumeOperationId: match[4] };
}
function formatPreUpdateId(stackId, token, instance) {
  const op = instance.resumeOperationId ? `/op=${instance.resumeOperationId}` : "";
  return `${stackId}/${instance.serviceLogicalId}/pre-update-resume/${instance.mode}=${instance.paused ? 1 : 0}${op}/${token}`;
}
function finalRunState(current, deleted, rolledBack) {
  if (current.mode === "paused") return { paused: current.paused, keep: false };
  const record = rolledBack && deleted?.mode === "keep" ? deleted : current;
  return { paused: record.paused, keep: true, ownResume: record.resumeOperationId };
}

// src/operations/runtime/run-state.ts
var import_client_apprunner7 = require("@aws-sdk/client-apprunner");
function runStateOperation(client, serviceArn, paused) {
  return new ServiceOperation(new AppRunnerReader(client), paused ? {
    serviceArn,
    type: "PAUSE_SERVICE",
    action: "pause it",
    targetStatus: "PAUSED",
    start: async () => (await client.send(new import_client_apprunner7.PauseServiceCommand({ ServiceArn: serviceArn }))).OperationId,
    refuseIn: { CREATE_FAILED: `App Runner service ${serviceArn} is CREATE_FAILED: it cannot be paused` }
  } : {
    serviceArn,
    type: "RESUME_SERVICE",
    action: "resume it",
    targetStatus: "RUNNING",
    start: async () => (await client.send(new import_client_apprunner7.ResumeServiceCommand({ ServiceArn: serviceArn }))).OperationId,
    refuseIn: { CREATE_FAILED: `App Runner service ${serviceArn} is CREATE_FAILED: it cannot be resumed` }
  });
}
var RunStateHandler = class extends ResourceHandler {
  constructor(client, event, now) {
    super(event, now);
    this.client = client;
  }
  waitingFor() {
    return `${this.props.boolean("Paused") ? "the pause" : "the resume"} of ${this.props.string("ServiceArn")}`;
  }
  async onCreate() {
    return { PhysicalResourceId: this.physicalId(), Data: await this.operation().begin() };
  }
  async onUpdate() {
    if (this.props.boolean("Paused")) return { PhysicalResourceId: this.physicalId(), Data: { Done: "true", Deferred: "true" } };
    return this.onCreate();
  }
  isCreateComplete() {
    return this.isUpdateComplete();
  }
  async isUpdateComplete() {
    const operation = this.operation();
    const done = await operation.poll(this.data, Number(this.data.StartedAt ?? this.now()));
    this.lastStatus = operation.lastStatus;
    return { IsComplete: done };
  }
  operation() {
    return runStateOperation(this.client, this.props.string("ServiceArn"), this.props.boolean("Paused"));
  }
  physicalId() {
    return `${this.props.string("ServiceArn")}/run-state`;
  }
};

// src/operations/runtime/pre-update-resume.ts
var SKEW_MS3 = 5e3;
var PreUpdateResumeHandler = class extends ResourceHandler {
  constructor(client, cfn, event, now) {
    super(event, now);
    this.client = client;
    this.cfn = cfn;
  }
  waitingFor() {
    const what = this.event.RequestType === "Delete" ? "the run state (at the end of the deployment)" : "the resume (before update)";
    return `${what} of ${this.data.ServiceArn ?? this.props.string("ServiceLogicalId")}`;
  }
  async onCreate() {
    const data = await this.resumeIfPaused();
    return { PhysicalResourceId: this.newId(data), Data: data };
  }
  async onUpdate() {
    if (this.replacing()) {
      const data2 = { Done: "true", WasPaused: "false", Replacement: "true" };
      return { PhysicalResourceId: this.newId(data2), Data: data2 };
    }
    const rollingBack = isRollingBack(await stackStatus(this.cfn, this.event.StackId));
    const data = await this.resumeIfPaused();
    return { PhysicalResourceId: rollingBack ? this.physicalResourceId : this.newId(data), Data: data };
  }
  async onDelete() {
    const stack = await stackState(this.cfn, this.event.StackId);
    if (!/CLEANUP_IN_PROGRESS$/.test(stack.status)) return { Data: { Done: "true" } };
    const currentId = await this.physicalIdOf(this.event.LogicalResourceId);
    const current = parsePreUpdateId(currentId);
    if (!current || currentId === this.physicalResourceId) return { Data: { Done: "true" } };
    const serviceArn = await this.serviceArn(current.serviceLogicalId);
    if (!serviceArn) return { Data: { Done: "true" } };
    const final = finalRunState(current, parsePreUpdateId(this.physicalResourceId), /ROLLBACK/.test(stack.status));
    const paused = final.keep ? await this.scheduleSince(serviceArn, stack.deploymentStartedAt, final.ownResume) ?? final.paused : final.paused;
    const data = await runStateOperation(this.client, serviceArn, paused).begin();
    return { Data: { ...data, ServiceArn: serviceArn, Pause: String(paused) } };
  }
  isCreateComplete() {
    return this.isUpdateComplete();
  }
  async isUpdateComplete() {
    if (this.data.Done === "true" || !this.data.ServiceArn) return COMPLETE;
    const operation = runStateOperation(this.client, this.data.ServiceArn, this.data.Pause === "true");
    const done = await operation.poll(this.data, Number(this.data.StartedAt ?? this.now()));
    this.lastStatus = operation.lastStatus;
    return { IsComplete: done };
  }
  isDeleteComplete() {
    return this.isUpdateComplete();
  }
  /** Before the service's update: resume it when it is PAUSED (or may be, an operation runs). */
  async resumeIfPaused() {
    const serviceArn = await this.serviceArn(this.props.string("ServiceLogicalId"));
    if (!serviceArn) return { Done: "true", WasPaused: "false" };
    const status = await new AppRunnerReader(this.client).serviceStatus(serviceArn);
    this.lastStatus = status ?? "missing";
    if (!statusIs(status, "PAUSED", "OPERATION_IN_PROGRESS")) return { Done: "true", WasPaused: "false" };
    const data = await runStateOperation(this.client, serviceArn, false).begin();
    return { ...data, ServiceArn: serviceArn, WasPaused: String(statusIs(status, "PAUSED")) };
  }
  /**
   * A physical id for a new instance (the same for a retried request): the run state asked for,
   * or, with a run schedule (Paused "keep"), the state found and the resume started (`data`).
   */
  newId(data) {
    const token = this.requestToken();
    const keep = this.props.optionalString("Paused") === "keep";
    const instance = keep ? { serviceLogicalId: this.props.string("ServiceLogicalId"), mode: "keep", paused: data.WasPaused === "true", resumeOperationId: data.OperationId } : { serviceLogicalId: this.props.string("ServiceLogicalId"), mode: "paused", paused: this.props.boolean("Paused", false) };
    return formatPreUpdateId(this.props.string("StackId"), token, instance);
  }
  /**
   * With a run schedule: whether the schedule paused (true) or resumed (false) the service
   * since the deployment began, by its latest such operation other than our own resume;
   * undefined when it did neither (or the start is unknown).
   */
  async scheduleSince(serviceArn, since, ownResume) {
    if (since === void 0) return void 0;
    const out = await this.client.send(new import_client_apprunner8.ListOperationsCommand({ ServiceArn: serviceArn, MaxResults: 20 }));
    const latest = (out.OperationSummaryList ?? []).find((op) => op.Id !== ownResume && statusIs(op.Type, "PAUSE_SERVICE", "RESUME_SERVICE") && (op.StartedAt?.getTime() ?? 0) >= since - SKEW_MS3);
    return latest ? statusIs(latest.Type, "PAUSE_SERVICE") : void 0;
  }
  /**
   * Whether CloudFormation replaces the service in this update: the hash of its create-only
   * properties changed. Templates of older versions have none.
   */
  replacing() {
    const now = this.props.optionalString("ReplacementHash");
    const before = this.oldProps.optionalString("ReplacementHash");
    return now !== void 0 && before !== void 0 && now !== before;
  }
  /** The service's ARN (its physical id in the stack), or undefined before it exists. */
  async serviceArn(logicalId) {
    const id = await this.physicalIdOf(logicalId);
    return id && id.startsWith("arn:") ? id : void 0;
  }
  /** The physical id CloudFormation holds for a logical id of this stack now, if any. */
  async physicalIdOf(logicalId) {
    try {
      const out = await this.cfn.send(new import_client_cloudformation3.DescribeStackResourceCommand({ StackName: this.event.StackId, LogicalResourceId: logicalId }));
      return out.StackResourceDetail?.PhysicalResourceId;
    } catch (e) {
      if (/does not exist/i.test(String(e?.message))) return void 0;
      throw e;
    }
  }
};

// src/operations/runtime/rollback-check.ts
var SKEW_MS4 = 5e3;
var RollbackCheckHandler = class extends ResourceHandler {
  constructor(client, cfn, event, now) {
    super(event, now);
    this.client = client;
    this.cfn = cfn;
  }
  waitingFor() {
    return `the operations of ${this.props.string("ServiceArn")} in this deployment to end`;
  }
  async onCreate() {
    return this.begin(false);
  }
  async onUpdate() {
    return this.begin(true);
  }
  isCreateComplete() {
    return this.isUpdateComplete();
  }
  async isUpdateComplete() {
    if (this.data.RollingBack === "true") return COMPLETE;
    const serviceArn = this.props.string("ServiceArn");
    const started = this.data.DeploymentStartedAt ? Number(this.data.DeploymentStartedAt) : void 0;
    const { newest, recent } = await this.operations(serviceArn, started === void 0 ? void 0 : started - SKEW_MS4);
    if (isDeletion(newest)) throw deletionError(serviceArn, newest, "check its deployment");
    const running = recent.find(operationRunning);
    if (running) {
      this.lastStatus = `${running.Type} ${running.Status}`;
      return NOT_YET;
    }
    const failed = recent.find(operationFailed);
    if (failed) {
      throw new Error(`App Runner operation ${describeOperation(failed)} on ${serviceArn}: the deployment was rolled back or failed`);
    }
    const latest = recent[0];
    return { IsComplete: true, Data: latest ? { OperationId: latest.Id ?? "", OperationStatus: latest.Status ?? "" } : { OperationId: "", OperationStatus: "NONE" } };
  }
  async begin(update) {
    const physicalId = `${this.props.string("ServiceArn")}/rollback-check`;
    const stack = await stackState(this.cfn, this.event.StackId);
    if (update && isRollingBack(stack.status)) return { PhysicalResourceId: physicalId, Data: { RollingBack: "true" } };
    const started = stack.deploymentStartedAt;
    return { PhysicalResourceId: physicalId, Data: started === void 0 ? {} : { DeploymentStartedAt: String(started) } };
  }
  async operations(serviceArn, since) {
    try {
      return await new AppRunnerReader(this.client).operationsSince(serviceArn, since);
    } catch (e) {
      if (isNotFound(e)) throw new Error(`App Runner service ${serviceArn} does not exist`);
      throw e;
    }
  }
};

// src/operations/runtime/tags.ts
var import_client_apprunner9 = require("@aws-sdk/client-apprunner");
var TagsHandler = class extends ResourceHandler {
  constructor(client, event, now) {
    super(event, now);
    this.client = client;
  }
  waitingFor() {
    return `the tags of ${this.props.string("ResourceArn")}`;
  }
  async onCreate() {
    return { PhysicalResourceId: `${this.props.string("ResourceArn")}|tags` };
  }
  onUpdate() {
    return this.onCreate();
  }
  isCreateComplete() {
    return this.apply(this.tags(this.props.string("Tags")), {});
  }
  isUpdateComplete() {
    const sameResource = this.oldProps.optionalString("ResourceArn") === this.props.string("ResourceArn");
    const old = sameResource ? this.tags(this.oldProps.optionalString("Tags") ?? "{}") : {};
    return this.apply(this.tags(this.props.string("Tags")), old);
  }
  /** Set `wanted` where it differs from `old`; remove the keys of `old` not in `wanted`. */
  async apply(wanted, old) {
    const arn = this.props.string("ResourceArn");
    const { set, remove } = tagChanges(wanted, old);
    try {
      if (set.length > 0) {
        await this.client.send(new import_client_apprunner9.TagResourceCommand({ ResourceArn: arn, Tags: set }));
      }
      if (remove.length > 0) {
        await this.client.send(new import_client_apprunner9.UntagResourceCommand({ ResourceArn: arn, TagKeys: remove }));
      }
    } catch (e) {
      if (!isInvalidState(e)) throw e;
      this.lastStatus = describeError(e);
      return NOT_YET;
    }
    return COMPLETE;
  }
  /** The tags of a `Tags` property, without reserved keys. */
  tags(json) {
    return parseTagsProperty(this.event.ResourceType, json);
  }
};

// src/operations/runtime/index.ts
function createClients(config = {}) {
  return {
    appRunner: new import_client_apprunner10.AppRunnerClient(config),
    cloudFormation: new import_client_cloudformation4.CloudFormationClient(config),
    route53: new import_client_route_532.Route53Client(config),
    elb: new import_client_elastic_load_balancing_v22.ElasticLoadBalancingV2Client(config),
    sts: new import_client_sts2.STSClient(config),
    withCredentials: (credentials) => ({
      appRunner: new import_client_apprunner10.AppRunnerClient({ ...config, credentials }),
      route53: new import_client_route_532.Route53Client({ ...config, credentials })
    })
  };
}
var defaultClients;
function clients() {
  defaultClients ??= createClients();
  return defaultClients;
}
function roleSource(c) {
  return { own: { appRunner: c.appRunner, route53: c.route53 }, sts: c.sts, clientsWith: c.withCredentials };
}
var RESOURCE_TYPES = [
  "Custom::AppRunnerRunState",
  "Custom::AppRunnerPreUpdateResume",
  "Custom::AppRunnerDeployment",
  "Custom::AppRunnerRollbackCheck",
  "Custom::AppRunnerDefaultAutoScaling",
  "Custom::AppRunnerCustomDomain",
  // issue 12 part 1: tags updated in place
  "Custom::AppRunnerTags",
  // issue 12 part 2: connections
  "Custom::AppRunnerConnection",
  "Custom::AppRunnerConnectionCheck",
  // issue 13: traffic cutover to ECS Express Mode
  "Custom::AppRunnerExpressDomain"
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
      return new CustomDomainHandler(roleSource(c), c.cloudFormation, event, now);
    // issue 12 part 1: tags updated in place
    case "Custom::AppRunnerTags":
      return new TagsHandler(c.appRunner, event, now);
    // issue 12 part 2: connections
    case "Custom::AppRunnerConnection":
      return new ConnectionHandler(c.appRunner, event, now);
    case "Custom::AppRunnerConnectionCheck":
      return new ConnectionCheckHandler(c.appRunner, event, now);
    // issue 13: traffic cutover to ECS Express Mode
    case "Custom::AppRunnerExpressDomain":
      return new ExpressDomainHandler(c.elb, c.cloudFormation, event, now);
    default:
      throw new Error(`Unsupported resource type ${JSON.stringify(event.ResourceType)}; this handler serves ${RESOURCE_TYPES.join(", ")}`);
  }
}
async function onEvent(event) {
  log("onEvent", event);
  return handlerFor(event).onEvent();
}
function log(what, value) {
  if (process.env.APPRUNNER_KIT_QUIET !== "true") console.log(`${what}: ${JSON.stringify(value)}`);
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
