package dev.hearth.net;

import dev.hearth.secret.Secret;

/**
 * Keystone v3 password authentication by user id, scoped to a project (what os-collect-config's
 * heat and zaqar collectors and heat-config-notify use). {@code toString} masks the password.
 *
 * @param regionName null for any region
 */
public record KeystoneCredentials(String authUrl, String userId, Secret password, String projectId, String regionName) {

    /** True when everything but the region is given. */
    public boolean complete() {
        return notBlank(authUrl) && notBlank(userId) && password != null && !password.isEmpty() && notBlank(projectId);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public String toString() {
        return "KeystoneCredentials[authUrl=" + authUrl + ", userId=" + userId + ", password=" + password
                + ", projectId=" + projectId + ", regionName=" + regionName + "]";
    }
}
