package dev.hearth.metrics;

/**
 * Every meter name Hearth publishes, in one place. Micrometer names use dots; the Prometheus
 * registry renders them with the {@code hearth_} prefix, base units and {@code _total} for counters.
 */
public final class Meters {
    private Meters() {}

    /** Counter; tags: group, result (succeeded|failed|interrupted). */
    public static final String DEPLOYMENTS = "hearth.deployments";
    /** Timer (histogram); tags: group, result. Whole deployment: hook plus bookkeeping. */
    public static final String DEPLOYMENT_DURATION = "hearth.deployment.duration";
    /** Timer (histogram); tags: group. The hook alone. */
    public static final String HOOK_DURATION = "hearth.hook.duration";
    /** Counter; tags: transport, result (delivered|failed|given_up|expired|invalid_target|rejected). One per attempt outcome. */
    public static final String SIGNALS = "hearth.signals";
    /** Gauge: signals persisted and not yet delivered or given up. */
    public static final String SIGNAL_OUTBOX_SIZE = "hearth.signal.outbox.size";
    /** Counter; tags: collector, result (changed|unchanged|unavailable|not_configured). */
    public static final String COLLECTOR_POLLS = "hearth.collector.polls";
    /** Counter; tags: collector. HTTP requests sent to the control plane by collectors. */
    public static final String COLLECTOR_REQUESTS = "hearth.collector.requests";
    /**
     * Gauge: unix time (seconds) of the last poll where at least one collector answered (the agent's
     * start until then). Only on an agent with collectors: a push-only node never polls.
     */
    public static final String LAST_SUCCESSFUL_POLL = "hearth.poll.last.success.time.seconds";
    /** Gauge; tags: state (running|exited|...). Managed containers. */
    public static final String CONTAINERS = "hearth.containers";
    /** Counter; tags: kind (stopped|removed|changed). Drift seen on managed containers. */
    public static final String CONTAINER_DRIFT = "hearth.container.drift";
    /** Timer (histogram); tags: operation. Docker Engine API calls. */
    public static final String DOCKER_API_CALLS = "hearth.docker.api.calls";
    /** Counter; tags: source (poll|push). Metadata documents accepted. */
    public static final String METADATA_DOCUMENTS = "hearth.metadata.documents";
    /** Counter; tags: role, step, result (started|succeeded|failed). */
    public static final String STEPS = "hearth.steps";
    /** Timer; tags: role, step. */
    public static final String STEP_DURATION = "hearth.step.duration";
    /** Gauge, always 1; tags: version, java. Which build runs on this node. */
    public static final String BUILD_INFO = "hearth.build.info";
    /** Counter; tags: route, status. HTTP requests served by the agent. */
    public static final String HTTP_REQUESTS = "hearth.http.requests";
    /** Counter: writes under state_dir that failed (disk full, I/O errors). */
    public static final String STATE_WRITE_ERRORS = "hearth.state.write.errors";
    /** Gauge: 1 while writes under state_dir fail, 0 otherwise. */
    public static final String STATE_WRITE_FAILING = "hearth.state.write.failing";
}
