import { AspectPriority, Aspects, IAspect, Stack, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** What the library acknowledges on one construct, and how much of it is written as metadata. */
interface Recorded {
  /** Finding id → reason, in the order the library recorded them. */
  readonly findings: Map<string, string>;
  /** The ids already written as metadata (each is written once). */
  readonly written: Set<string>;
  /** Whether the writer aspect is on the construct. */
  writerAdded: boolean;
  /** Whether the writer visited the construct (its synthesis began). */
  visited: boolean;
}

/** A finding the library acknowledges, where, and why. */
export interface RecordedFinding {
  readonly construct: IConstruct;
  readonly id: string;
  readonly reason: string;
}

/** The library's acknowledgements, by construct (nothing here keeps a construct alive). */
const recorded = new WeakMap<IConstruct, Recorded>();
/** The scopes whose constructs' acknowledgements are written (`NagAcknowledgements.acknowledge`). */
const optedIn = new WeakSet<IConstruct>();

/**
 * Writes the acknowledgements recorded on the construct it visits that are not written yet, as
 * the metadata entry `Validations.acknowledge` writes, but directly: aws-cdk-lib 2.257's
 * `acknowledge` refuses ids with more than one `::`, and it captures a stack trace per call,
 * which made synthesis of many services measurably slower. It sits on the acknowledged
 * construct itself, so it also runs when the construct is in a nested Stage (aspects of an
 * outer scope do not reach into a Stage), and with `MUTATING` priority, so it runs before
 * aspects of the default priority that read the metadata (cdk-nag's
 * `WriteNagSuppressionsToCloudFormationAspect`) visit the construct or its children. Aspects
 * run before validation and before the cloud assembly (with the construct metadata) is written.
 */
class AcknowledgementWriter implements IAspect {
  public visit(node: IConstruct): void {
    const entry = recorded.get(node);
    if (!entry) return;
    entry.visited = true;
    const pending: { [id: string]: string } = {};
    let count = 0;
    for (const [id, reason] of entry.findings) {
      if (entry.written.has(id)) continue;
      pending[id] = reason;
      entry.written.add(id);
      count++;
    }
    if (count > 0) node.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, pending, { stackTrace: false });
  }
}

const WRITER = new AcknowledgementWriter();

function addWriter(construct: IConstruct, entry: Recorded): void {
  if (entry.writerAdded) return;
  entry.writerAdded = true;
  Aspects.of(construct).add(WRITER, { priority: AspectPriority.MUTATING });
}

function isOptedIn(construct: IConstruct): boolean {
  return construct.node.scopes.some((scope) => optedIn.has(scope));
}

/**
 * Record the library's acknowledgement of a validation finding (e.g. a cdk-nag rule, or one
 * finding of it such as `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:…]`) on a construct
 * and its children, with the reason it holds. Nothing is written on the construct unless the
 * user opted in for a scope above it (`NagAcknowledgements.acknowledge`): then the
 * acknowledgement is written as metadata when the app synthesizes.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  let entry = recorded.get(scope);
  if (!entry) {
    entry = { findings: new Map(), written: new Set(), writerAdded: false, visited: false };
    recorded.set(scope, entry);
  }
  entry.findings.set(id, reason);
  if (entry.visited) {
    // recorded after the writer ran (by another aspect, say): written now, still before the assembly
    WRITER.visit(scope);
  } else if (!entry.writerAdded && isOptedIn(scope)) {
    addWriter(scope, entry);
  }
}

/**
 * Opt in for `scope`: the acknowledgements recorded on constructs under it, those created
 * before and after this call, are written as metadata when the app synthesizes. Idempotent.
 */
export function optInAcknowledgements(scope: IConstruct): void {
  optedIn.add(scope);
  for (const construct of scope.node.findAll()) {
    const entry = recorded.get(construct);
    if (entry) addWriter(construct, entry);
  }
}

/** The acknowledgements recorded on `scope` and the constructs under it, in tree order. */
export function recordedFindings(scope: IConstruct): RecordedFinding[] {
  const out: RecordedFinding[] = [];
  for (const construct of scope.node.findAll()) {
    const entry = recorded.get(construct);
    if (!entry) continue;
    for (const [id, reason] of entry.findings) out.push({ construct, id, reason });
  }
  return out;
}

/**
 * An App Runner ARN as cdk-nag writes it in a finding id:
 * `arn:<AWS::Partition>:apprunner:REGION:ACCOUNT:RESOURCE`, with `<AWS::Region>` and
 * `<AWS::AccountId>` for an environment-agnostic stack.
 */
export function nagAppRunnerArn(stack: Stack, resource: string): string {
  const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
  return `arn:<AWS::Partition>:apprunner:${part(stack.region, 'AWS::Region')}:${part(stack.account, 'AWS::AccountId')}:${resource}`;
}
