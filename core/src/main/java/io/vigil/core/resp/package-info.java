/**
 * Codec for the Redis protocol (RESP2) as Redis 7 speaks it, on agrona buffers:
 * {@link io.vigil.core.resp.RespParser} reads client requests under {@link io.vigil.core.resp.RespLimits},
 * {@link io.vigil.core.resp.RespEncoder} writes replies and commands, and
 * {@link io.vigil.core.resp.RespReplyParser} reads replies back.
 */
package io.vigil.core.resp;
