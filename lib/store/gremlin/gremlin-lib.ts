import 'server-only';
import gremlin from 'gremlin';
import type { driver, process } from 'gremlin';

/**
 * The parts of the `gremlin` package the adapter uses. The package is
 * CommonJS with a nested `module.exports` object, which Node's ESM loader
 * cannot expose as named exports (`import { process } from 'gremlin'` fails
 * outside bundlers), so everything comes through the default export here.
 */
export const { t, P, TextP, cardinality, merge, direction, statics: __, GraphTraversal, Bytecode, AnonymousTraversalSource } = gremlin.process;
export const { DriverRemoteConnection } = gremlin.driver;

export type Traversal = process.GraphTraversal;
export type Source = process.GraphTraversalSource;
export type RemoteConnection = driver.DriverRemoteConnection;
