/**
 * Sentinels: monitoring, quorum, leader election, promotion and the SENTINEL command family.
 * <p>
 * Nothing here yet: it builds on the replication module once that carries nodes over TCP.
 */
package io.vigil.failover;
