import type { BackendDescriptor } from "./backendDescriptor";

/** A storage backend: its descriptor plus the pure builders of its fleet objects. */
export interface Backend extends BackendDescriptor {}
