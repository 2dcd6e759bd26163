/** One static file the app serves under /assets/ (see scripts/asset-files.ts). */
export interface BundledAsset {
  contentType: string;
  /** Text files are stored as they are; fonts as base64. */
  encoding: 'utf8' | 'base64';
  /** The content hash that is also in the file name: the ETag. */
  hash: string;
  body: string;
}
