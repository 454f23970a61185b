package io.neo4jbackup.operator;

/** An Event's reason (its {@link #name()}) and type ({@code Normal} or {@code Warning}). */
public interface EventReason {
  String name();

  String type();
}
