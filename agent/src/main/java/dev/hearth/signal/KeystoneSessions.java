package dev.hearth.signal;

import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.net.Keystone;
import dev.hearth.net.KeystoneCredentials;
import dev.hearth.secret.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keystone sessions of the deployments' signalling users (one stack user per deployment), kept so
 * that retries and neighbouring signals reuse their token. A few recent ones are kept.
 */
final class KeystoneSessions {
    private static final int MAX = 32;

    private final ControlPlaneHttp http;
    private final Duration timeout;
    private final Clock clock;
    private final Map<KeystoneCredentials, Keystone> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<KeystoneCredentials, Keystone> eldest) {
            return size() > MAX;
        }
    };

    KeystoneSessions(ControlPlaneHttp http, Duration timeout, Clock clock) {
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The session for the envelope's {@code deploy_auth_url}, user, password, project and region. */
    synchronized Keystone of(SignalEnvelope e) throws SignalException {
        KeystoneCredentials c = new KeystoneCredentials(
                e.param("deploy_auth_url").orElse(null),
                e.param("deploy_user_id").orElse(null),
                Secret.of(e.param("deploy_password").orElse(null)),
                e.param("deploy_project_id").orElse(null),
                e.param("deploy_region_name").orElse(null));
        if (!c.complete()) {
            throw new SignalException(
                    "the deployment's inputs lack deploy_auth_url, deploy_user_id, deploy_password"
                            + " or deploy_project_id",
                    true);
        }
        SignalTarget.parse(c.authUrl(), "deploy_auth_url");
        return sessions.computeIfAbsent(c, k -> new Keystone(http, k, timeout, clock));
    }
}
