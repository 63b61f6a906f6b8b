/**
 * Reading {@code redis.conf} files and {@code redis-server} command lines the way Redis 7.0 does.
 * <p>
 * {@link io.vigil.replication.config.ConfigParser} turns text and command lines into
 * {@link io.vigil.replication.config.ConfigDirective}s (syntax only: quoting, comments, includes);
 * {@link io.vigil.replication.config.ConfigSchema} checks them and builds
 * {@link io.vigil.replication.config.ServerSettings}; every refusal is a
 * {@link io.vigil.replication.config.ConfigException} that renders Redis's fatal error block. A launcher:
 * <pre>{@code
 * ServerSettings settings;
 * try {
 *     settings = ConfigSchema.standard().load(args);
 *     CommandLine commandLine = settings.commandLine().orElseThrow();
 *     if (commandLine.versionRequested()) { printVersion(); System.exit(0); }
 *     if (commandLine.helpRequested()) { printUsage(); System.exit(1); }     // as redis-server does
 *     settings.checkLogFile();
 *     commandLine.checkSentinelConfigFile();
 * } catch (ConfigException e) {
 *     System.err.print(e.fatalReport("Vigil " + VERSION));
 *     System.exit(1);
 * }
 * for (ConfigDirective d : settings.trailingCommentDirectives()) {
 *     log.warn("{} line {}: trailing comment accepted; Redis 7 refuses this line: {}",
 *             d.source(), d.lineNumber(), d.lineText());
 * }
 * }</pre>
 * Differences from Redis 7.0, all deliberate: a trailing {@code # comment} after a directive's arguments is
 * accepted (see {@link io.vigil.replication.config.ConfigDirective}); arguments must be UTF-8; include loops
 * are refused instead of recursing; Vigil binds {@code 127.0.0.1} when no {@code bind} is given;
 * {@code daemonize yes} is refused, and so are ACL {@code user} lines other than the default user's line
 * that {@code CONFIG REWRITE} writes; {@code loglevel nothing} (Redis 7.2) is accepted; Redis directives of
 * features Vigil lacks are accepted and ignored.
 */
package io.vigil.replication.config;
