export interface BundleFile {
  file: string;
  bytes: number;
  gzip: number;
}
export function signInBundle(root: string): { files: BundleFile[]; gzip: number; bytes: number };
