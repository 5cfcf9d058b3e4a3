/** Positions are UTF-16 offsets into the expression text: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * What an item (`#{...}`, `I{...}`, `C{...}`, ...) points at. The names follow DHIS2's own
 * dimension item types so findings read naturally.
 */
export type ItemKind =
  | 'dataElement' //              #{de}
  | 'dataElementOperand' //       #{de.coc}, #{de.coc.aoc}, #{de.*.aoc}, #{de.coc.*}
  | 'programIndicator' //         I{pi}
  | 'programDataElement' //       D{program.de}
  | 'programAttribute' //         A{tea} or A{program.tea}
  | 'constant' //                 C{constant}
  | 'organisationUnitGroup' //    OUG{group}  (count of org units in the group)
  | 'reportingRate' //            R{dataSet.REPORTING_RATE}
  | 'indicator' //                N{indicator}
  | 'programVariable' //          V{event_date}
  | 'programStageDataElement' //  #{programStage.de} in program indicator expressions
  | 'days'; //                    [days]

export interface ItemNode extends Span {
  type: 'item';
  kind: ItemKind;
  /** The dotted parts inside the braces; `*` stands for "any" (wildcard). */
  ids: string[];
  /** The raw text of the item, e.g. `#{abc.def}`. */
  text: string;
}

export interface NumberNode extends Span {
  type: 'number';
  value: number;
}

export interface StringNode extends Span {
  type: 'string';
  value: string;
}

export interface BooleanNode extends Span {
  type: 'boolean';
  value: boolean;
}

export type UnaryOperator = '-' | '+' | '!';
export type BinaryOperator =
  '^' | '*' | '/' | '%' | '+' | '-' | '<' | '>' | '<=' | '>=' | '==' | '!=' | '&&' | '||';

export interface UnaryNode extends Span {
  type: 'unary';
  operator: UnaryOperator;
  operand: ExpressionNode;
}

export interface BinaryNode extends Span {
  type: 'binary';
  operator: BinaryOperator;
  left: ExpressionNode;
  right: ExpressionNode;
}

/** `if(...)`, `sum(...)`, `orgUnit.ancestor(...)`, `d2:daysBetween(...)`... */
export interface CallNode extends Span {
  type: 'call';
  name: string;
  args: ExpressionNode[];
  /** Bare UIDs given to orgUnit.ancestor/group/dataSet/program (not expressions). */
  uidArgs?: Array<{ id: string } & Span>;
}

/** `<item>.periodOffset(-1)`, `.aggregationType(SUM)`, `.yearToDate()`... applied to an item or group. */
export interface MethodNode extends Span {
  type: 'method';
  name: string;
  target: ExpressionNode;
  args: ExpressionNode[];
}

export type ExpressionNode =
  ItemNode | NumberNode | StringNode | BooleanNode | UnaryNode | BinaryNode | CallNode | MethodNode;
