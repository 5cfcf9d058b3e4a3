export * from './types.js';
export { diffBundles, createObjectDiffer, type ObjectDiffer } from './diff-bundles.js';
export { matchObjects, type MatchedPair } from './match.js';
export { threeWay, classifyUpgrade, classifyRelations, canonicalObjectHash } from './three-way.js';
export { scopeBundleTo } from './scope.js';
export { setLikeProperties, memberKey } from './semantics.js';
