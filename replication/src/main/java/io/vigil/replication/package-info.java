/**
 * Networking for Vigil nodes: the transport SPI, the RESP server endpoint and the master/replica links.
 * <p>
 * Nothing here yet: a node is embedded through {@code io.vigil.core.VigilStore} until the transport lands.
 */
package io.vigil.replication;
