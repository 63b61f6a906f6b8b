/**
 * Codec for the Redis protocol (RESP2) as Redis 7 speaks it: {@link io.vigil.core.resp.RespParser} reads client
 * requests, {@link io.vigil.core.resp.RespEncoder} writes replies and commands, both on agrona buffers.
 */
package io.vigil.core.resp;
