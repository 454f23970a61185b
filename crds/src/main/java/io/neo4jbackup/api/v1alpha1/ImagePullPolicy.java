package io.neo4jbackup.api.v1alpha1;

/** When the kubelet pulls the backup image, as for any container. */
public enum ImagePullPolicy {
  Always,
  IfNotPresent,
  Never
}
