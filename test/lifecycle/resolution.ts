/**
 * Template resolution for one stack of the lifecycle driver: parameters, conditions and the
 * dependency graph of a template (with CloudFormation's checks before it starts), resource
 * properties resolved against the live physical resources (or, for a rollback, against how
 * they were before the update), and outputs/exports.
 */
import { ACCOUNT, genericAttribute, isCustomResource, MODELS, PhysicalResource, REGION } from './resources';
import {
  dependencyGraph, evaluateConditions, HarnessError, includedResources, Json, resolveParameters, resolveValue, ResourceFailure, Scope,
  stringifyLeaves, Template, ValidationError,
} from './template';

/** A template with its parameters, as deployed (or being deployed). */
export interface Desired {
  readonly template: Template;
  readonly params: Record<string, string | string[]>;
  readonly conditions: Record<string, boolean>;
  readonly included: Set<string>;
  readonly graph: Map<string, Set<string>>;
}

/** Resources as they looked before an update (replaced ones: the old physical resource). */
export type View = Map<string, Pick<PhysicalResource, 'ref' | 'attributes' | 'type' | 'physicalId'>>;

/** What resolution needs from the stack and the world. */
export interface ResolutionHost {
  readonly name: string;
  readonly ssm: Map<string, string>;
  readonly exports: Map<string, string>;
  stackId(): string | undefined;
  current(logicalId: string): PhysicalResource | undefined;
}

const DEFERRED = new Error('deferred');

export class Resolver {
  constructor(private readonly host: ResolutionHost) {}

  /** Parameters, conditions, the included resources and their graph; imports checked (CloudFormation does before it starts). */
  public prepare(template: Template, given: Record<string, string>, stackId: string): Desired {
    const params = resolveParameters(template, given, (n) => this.host.ssm.get(n)).values;
    const base = { template, params, conditions: {}, included: new Set<string>(), graph: new Map() };
    const conditions = evaluateConditions(template, this.scope(base, stackId));
    const included = includedResources(template, conditions);
    const desired = { template, params, conditions, included, graph: dependencyGraph(template, included) };
    const probe = { ...this.scope(desired, stackId), ref: () => { throw DEFERRED; }, getAtt: () => { throw DEFERRED; } };
    const visit = (node: Json): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object') return;
      if ('Fn::ImportValue' in node) {
        try {
          resolveValue(node, probe);
        } catch (e) {
          if (e !== DEFERRED) throw e;
        }
      }
      Object.values(node).forEach(visit);
    };
    visit([...included].map((id) => template.Resources[id].Properties));
    visit(Object.values(template.Outputs ?? {}).map((o) => o.Value));
    return desired;
  }

  /** A resource's properties, resolved (custom resources: stringified). */
  public properties(id: string, desired: Desired, view?: View): Json {
    const def = desired.template.Resources[id];
    const props = resolveValue(def.Properties ?? {}, this.scope(desired, this.host.stackId() ?? '', view));
    return isCustomResource(def.Type) ? stringifyLeaves(props) : props;
  }

  /** Outputs, and the exports among them (name → value). */
  public outputs(desired: Desired): { outputs: Record<string, Json>; exported: Record<string, string> } {
    const scope = this.scope(desired);
    const outputs: Record<string, Json> = {};
    const exported: Record<string, string> = {};
    for (const [name, o] of Object.entries(desired.template.Outputs ?? {})) {
      if (o.Condition && !desired.conditions[o.Condition]) continue;
      outputs[name] = resolveValue(o.Value, scope);
      if (o.Export) exported[String(resolveValue(o.Export.Name, scope))] = String(outputs[name]);
    }
    return { outputs, exported };
  }

  private scope(desired: Desired, stackId = this.host.stackId() ?? '', view?: View): Scope {
    const live = (id: string) => {
      const current = view?.get(id) ?? this.host.current(id);
      if (!current) throw new HarnessError(`${this.host.name}/${id} is referenced but has no physical resource`);
      return current;
    };
    return {
      pseudo: { AccountId: ACCOUNT, Region: REGION, Partition: 'aws', URLSuffix: 'amazonaws.com', StackName: this.host.name, StackId: stackId },
      parameters: desired.params,
      conditions: desired.conditions,
      mappings: desired.template.Mappings,
      isResource: (id) => desired.included.has(id),
      ref: (id) => live(id).ref,
      getAtt: (id, name) => {
        const current = live(id);
        if (name in current.attributes) return current.attributes[name];
        if (isCustomResource(current.type)) {
          throw new ResourceFailure(`CustomResource attribute error: Vendor response doesn't contain ${name} key in object ${current.physicalId}`);
        }
        if (current.type in MODELS && name !== 'Arn') throw new HarnessError(`attribute ${name} of ${current.type} is not modelled`);
        return genericAttribute(current.type, current.physicalId, name);
      },
      importValue: (name) => {
        const value = this.host.exports.get(name);
        if (value === undefined) throw new ValidationError(`No export named ${name} found. Rollback requested by user.`);
        return value;
      },
      ssm: (name) => this.host.ssm.get(name),
    };
  }
}
