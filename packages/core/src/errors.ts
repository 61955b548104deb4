/**
 * Every error dopl raises on bad input is a DoplError: a one-line message that names the concept
 * and the place (a node, an argument, or a source position added by the language front end).
 */
export class DoplError extends Error {
  /** The graph node the error is about, when there is one. */
  readonly node: string | undefined;
  constructor(message: string, options: { node?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DoplError';
    this.node = options.node;
  }
}

/** A shape that cannot be formed by broadcasting, indexing or a declared dimension. */
export class ShapeError extends DoplError {
  constructor(message: string, options: { node?: string } = {}) {
    super(message, options);
    this.name = 'ShapeError';
  }
}
