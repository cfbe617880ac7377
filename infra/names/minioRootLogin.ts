/**
 * MinIO's root login Secret (in the data namespace), in the MinIO chart's
 * existingSecret format. The platform writes it when it installs MinIO; the
 * existing substrate reads it when the cluster already runs that MinIO, since
 * the results sink signs in with it. Here because both layers need it.
 */
export const minioRootLogin = { secretName: "minio-root", keys: ["rootUser", "rootPassword"] } as const;
