// Platforms live in one module for imports and allocation alike.
export { PLATFORMS, PLATFORM_PRIORITY, PLATFORM_LABELS, platformPriority } from '../platform';
