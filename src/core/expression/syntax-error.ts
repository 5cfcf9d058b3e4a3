import { EdupkgError, EXIT } from '../../errors/index.js';

/** A DHIS2 expression that does not parse; `position` is the 0-based offset of the problem. */
export class ExpressionSyntaxError extends EdupkgError {
  readonly position: number;
  readonly expression: string;

  constructor(reason: string, expression: string, position: number) {
    super('EXPRESSION.SYNTAX', `${reason} at position ${position + 1}`, EXIT.VALIDATION);
    this.name = 'ExpressionSyntaxError';
    this.position = position;
    this.expression = expression;
  }
}
